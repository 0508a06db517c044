namespace Syntaskio.Api.Connections;

/// <summary>PUT /api/connections/connectwise: an API member's keys on the person's ConnectWise site.</summary>
public sealed record ConnectWiseConnectRequest(
    string? Site,
    string? CompanyId,
    string? PublicKey,
    string? PrivateKey,
    string? ClientId
);

/// <summary>
/// PUT /api/connections/processplan: an API token and the account's regional address (https://apius0.processplan.com).
/// </summary>
public sealed record ProcessPlanConnectRequest(string? ApiToken, string? BaseUrl);

/// <summary>POST /api/connections/microsoft/authorize: optionally the mailbox to sign in with.</summary>
public sealed record MicrosoftAuthorizeRequest(string? LoginHint);

public sealed record MicrosoftAuthorizeResponse(string AuthorizeUrl);

/// <summary>A connection as its owner sees it: never its credentials.</summary>
public sealed record ConnectionResponse(
    string Provider,
    string Status,
    string? Account,
    DateTime ConnectedAt,
    string? LastError
);
