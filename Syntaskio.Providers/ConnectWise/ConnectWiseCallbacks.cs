using System.Globalization;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// ConnectWise callbacks as a trigger for the ticket search: <c>POST /system/callbacks</c> of type ticket at owner
/// level (every ticket of the company), suppressing those our own member's writes cause. ConnectWise sends no client
/// state and the signature's key is only fetched from a URL in each payload, so the secret goes in the callback URL's
/// path; ConnectWise appends the ticket's id to <c>?recordId=</c>. A callback does not expire but is disabled after
/// days of failed deliveries, so renewing one reads it back and makes a new one if it is gone or inactive.
/// </summary>
internal sealed class ConnectWiseCallbacks(ConnectWiseSession session)
{
    /// <summary>The one container a ConnectWise connection's callback covers: the company's tickets.</summary>
    public const string Tickets = "tickets";

    public async Task<ChangeSubscription> SubscribeAsync(
        ChangeSubscriptionRequest request,
        CancellationToken cancellationToken
    )
    {
        var url = $"{request.NotificationUrl.ToString().TrimEnd('/')}/{request.ClientState}?recordId=";
        var created = await session.PostAsync<CwCallback>(
            "system/callbacks",
            new
            {
                url,
                objectId = 1,
                type = "ticket",
                level = "owner",
                inactiveFlag = false,
                isSelfSuppressedFlag = true,
                description = "Syntaskio: tickets changed",
            },
            cancellationToken
        );
        return new ChangeSubscription(
            created.Id.ToString(CultureInfo.InvariantCulture),
            request.ContainerId,
            request.ExpiresAt
        );
    }

    public async Task<DateTimeOffset?> RenewAsync(
        string callbackId,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var callback = await session.GetAsync<CwCallback>($"system/callbacks/{callbackId}", cancellationToken);
            return callback.InactiveFlag ? null : expiresAt;
        }
        catch (ProviderException gone) when (gone.HttpStatus == 404)
        {
            return null;
        }
    }

    public async Task UnsubscribeAsync(string callbackId, CancellationToken cancellationToken)
    {
        try
        {
            await session.DeleteAsync($"system/callbacks/{callbackId}", cancellationToken);
        }
        catch (ProviderException gone) when (gone.HttpStatus == 404) { }
    }
}
