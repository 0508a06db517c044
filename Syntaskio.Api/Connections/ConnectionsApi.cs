using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Syntaskio.Api.Auth;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Scheduling;
using Syntaskio.Providers;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Providers.ProcessPlan;

namespace Syntaskio.Api.Connections;

/// <summary>
/// A person's own provider connections: list, connect (each validated by a real read first), disconnect.
/// </summary>
public static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/connections").WithTags("Connections");
        api.MapGet("/", ListConnections)
            .WithName("listConnections")
            .RequireAuthorization()
            .WithSummary("The caller's connected accounts")
            .WithDescription("Provider, status, account and the last error; never a credential.");
        api.MapPut("/connectwise", ConnectConnectWise)
            .WithName("connectConnectWise")
            .RequireAuthorization()
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("Connect ConnectWise Manage")
            .WithDescription("The keys are checked with a real read before they are stored; refused keys are a 400.");
        api.MapPut("/processplan", ConnectProcessPlan)
            .WithName("connectProcessPlan")
            .RequireAuthorization()
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("Connect Process Plan")
            .WithDescription("The token is checked with a real read before it is stored; a refused one is a 400.");
        api.MapDelete("/{provider}", Disconnect)
            .WithName("disconnectAccount")
            .RequireAuthorization()
            .RequireRateLimiting(RequestRateLimits.Writes)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Disconnect an account")
            .WithDescription("Deletes the credentials; the provider's waiting syncs fail as dead letters.");
        api.MapPost("/microsoft/authorize", MicrosoftConnectFlow.Authorize)
            .WithName("authorizeMicrosoft")
            .RequireAuthorization()
            .RequireRateLimiting(RequestRateLimits.Writes)
            .WithSummary("Start connecting Microsoft To Do")
            .WithDescription("The identity platform's address for the OAuth code flow with PKCE.");
        // The identity platform sends the person's browser here, with no bearer token: the state names the caller.
        api.MapGet("/microsoft/callback", MicrosoftConnectFlow.Callback)
            .WithName("completeMicrosoftConnection")
            .AllowAnonymous()
            .RequireRateLimiting(RequestRateLimits.Anonymous)
            .WithSummary("Where the identity platform returns the browser")
            .WithDescription("Redeems the code with the PKCE verifier and redirects to the status page.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<ConnectionResponse>>> ListConnections(
        ClaimsPrincipal user,
        ProviderConnectionRepository connections,
        CancellationToken cancellationToken
    )
    {
        var rows = await connections.ListAsync(user.Subject(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ConnectionResponse>>(
            rows.Select(row => new ConnectionResponse(
                    row.Provider,
                    row.Status,
                    row.Account,
                    row.ConnectedAt,
                    row.LastError
                ))
                .ToList()
        );
    }

    /// <summary>
    /// Stores ConnectWise keys after reading /system/info with them; refused keys are a 400 and store nothing.
    /// </summary>
    public static async Task<Results<Ok<ConnectionResponse>, ValidationProblem, ProblemHttpResult>> ConnectConnectWise(
        ConnectWiseConnectRequest request,
        ClaimsPrincipal user,
        UserRepository users,
        ProviderConnectionRepository connections,
        ConnectWiseAccountReader reader,
        IHostEnvironment environment,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (
            !Uri.TryCreate(
                request.Site?.Contains("://") == true ? request.Site : $"https://{request.Site}",
                UriKind.Absolute,
                out var site
            )
            || string.IsNullOrWhiteSpace(request.Site)
            || !Encrypted(site, environment)
        )
            errors["site"] =
            [
                "site must be the ConnectWise site, for example na.myconnectwise.net or its https:// address.",
            ];
        foreach (
            var (name, value) in new[]
            {
                ("companyId", request.CompanyId),
                ("publicKey", request.PublicKey),
                ("privateKey", request.PrivateKey),
                ("clientId", request.ClientId),
            }
        )
            if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
                errors[name] = [$"{name} is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var credentials = new ConnectWiseCredentials(
            request.CompanyId!,
            request.PublicKey!,
            request.PrivateKey!,
            request.ClientId!
        );
        return await StoreValidatedAsync(
            "connectwise",
            ConnectWiseBaseUrl(site!),
            credentials.ToJson(),
            "ConnectWise refused these keys",
            baseUrl => reader.DescribeAsync(baseUrl, credentials, cancellationToken),
            user,
            users,
            connections,
            cancellationToken
        );
    }

    /// <summary>
    /// Stores a Process Plan API token after reading the account's templates with it; a refused token is a 400.
    /// </summary>
    public static async Task<Results<Ok<ConnectionResponse>, ValidationProblem, ProblemHttpResult>> ConnectProcessPlan(
        ProcessPlanConnectRequest request,
        ClaimsPrincipal user,
        UserRepository users,
        ProviderConnectionRepository connections,
        ProcessPlanStepClient processPlan,
        IHostEnvironment environment,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var site) || !Encrypted(site, environment))
            errors["baseUrl"] =
            [
                "baseUrl must be the account's regional address, for example https://apius0.processplan.com.",
            ];
        if (string.IsNullOrWhiteSpace(request.ApiToken) || request.ApiToken.Length > 500)
            errors["apiToken"] = ["apiToken is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var baseUrl = site!.AbsolutePath.TrimEnd('/').EndsWith("/api/v4", StringComparison.Ordinal)
            ? new Uri(site.ToString().TrimEnd('/') + "/")
            : new Uri(site, site.AbsolutePath.TrimEnd('/') + "/api/v4/");
        var credentials = new ProcessPlanCredentials(request.ApiToken!);
        return await StoreValidatedAsync(
            "processplan",
            baseUrl,
            credentials.ToJson(),
            "Process Plan refused this token",
            url => processPlan.DescribeAccountAsync(url, credentials, cancellationToken),
            user,
            users,
            connections,
            cancellationToken
        );
    }

    /// <summary>Reads the account with the credentials first; only what the vendor accepted is stored.</summary>
    private static async Task<
        Results<Ok<ConnectionResponse>, ValidationProblem, ProblemHttpResult>
    > StoreValidatedAsync(
        string provider,
        Uri baseUrl,
        string credentialsJson,
        string refusedTitle,
        Func<Uri, Task<string>> describe,
        ClaimsPrincipal user,
        UserRepository users,
        ProviderConnectionRepository connections,
        CancellationToken cancellationToken
    )
    {
        string account;
        try
        {
            account = await describe(baseUrl);
        }
        catch (ProviderException refused)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: refusedTitle,
                detail: $"Nothing was stored. {refused.Message}"
            );
        }
        var userId = await users.EnsureAsync(user.Subject(), null, cancellationToken);
        await connections.SaveAsync(userId, provider, baseUrl, credentialsJson, null, cancellationToken, account);
        return TypedResults.Ok(new ConnectionResponse(provider, "connected", account, DateTime.UtcNow, null));
    }

    /// <summary>Deletes the credentials; that provider's waiting syncs fail as disconnected.</summary>
    public static async Task<Results<NoContent, NotFound, ValidationProblem>> Disconnect(
        string provider,
        ClaimsPrincipal user,
        ConnectionRemoval removal,
        CancellationToken cancellationToken
    )
    {
        if (!TaskKinds.Sources.Contains(provider))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["provider"] = [$"provider must be one of {string.Join(", ", TaskKinds.Sources)}."],
                }
            );
        return await removal.RemoveAsync(user.Subject(), provider, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    // Plain http only reaches the emulator in Development: credentials never cross a network unencrypted.
    private static bool Encrypted(Uri site, IHostEnvironment environment) =>
        site.Scheme == "https" || (site.Scheme == "http" && environment.IsDevelopment());

    /// <summary>
    /// A site as people write it ("na.myconnectwise.net") or a full address: the REST API's base under it.
    /// </summary>
    private static Uri ConnectWiseBaseUrl(Uri site) =>
        site.AbsolutePath.Contains("/apis/3.0", StringComparison.Ordinal)
            ? new Uri(site.ToString().TrimEnd('/') + "/")
            : new Uri(site, site.AbsolutePath.TrimEnd('/') + "/v4_6_release/apis/3.0/");
}
