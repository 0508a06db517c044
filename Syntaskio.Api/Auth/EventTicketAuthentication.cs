using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Auth;

/// <summary>
/// Authenticates ?ticket= (from POST /api/sync/events/tickets) as the user it was issued to. Only the event stream
/// accepts this scheme: a ticket sits in a URL, so it is short-lived, opens one stream once and is good for nothing
/// else.
/// </summary>
public sealed class EventTicketAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EventTicketRepository tickets
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EventTicket";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query["ticket"].FirstOrDefault() is not { Length: > 0 } ticket)
            return AuthenticateResult.NoResult();
        if (ticket.Length > 128)
            return AuthenticateResult.Fail("Malformed event ticket.");
        var subject = await tickets.RedeemAsync(ticket, Context.RequestAborted);
        if (subject is null)
            return AuthenticateResult.Fail("The event ticket is unknown, used or expired; ask for a new one.");
        var identity = new ClaimsIdentity([new Claim("sub", subject)], SchemeName, "sub", null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
