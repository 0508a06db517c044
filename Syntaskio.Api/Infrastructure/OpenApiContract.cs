using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// /openapi/v1.json as a contract a client can be generated from (docs/api.md): the bearer scheme on every route that
/// needs it, and the answers every route of a kind really gives, as problem details: 401 (and 403 under a role
/// policy) where a token is needed, 429 where a rate limit applies, 503 where the database is read. The codes each
/// route gives for itself are declared on the route, with its summary and description.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Tasks"] = "A person's tasks: complete, reopen, start or set a status at the vendor, and a task's history.",
        ["Sync jobs"] = "What became of each change: its sync job, its vendor calls, retries and conflicts.",
        ["Sync events"] = "Server-sent events of a person's syncs, vendor changes and connections.",
        ["Connections"] = "A person's accounts at Microsoft To Do, ConnectWise Manage and Process Plan.",
        ["Intake"] = "The task aggregation service hands a person's tasks in.",
        ["Webhooks"] = "The vendors' change notifications and callbacks.",
        ["Support"] = "Support staff: the audit trail and the dashboard's session.",
        ["Development"] = "Development only: tokens for local use.",
    };

    public static IServiceCollection AddOpenApiContract(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(
                (document, _, _) =>
                {
                    document.Info.Title = "Syntaskio Sync";
                    document.Info.License = new OpenApiLicense
                    {
                        Name = "Proprietary: Syntaskio's own service, not for redistribution",
                        Identifier = "LicenseRef-Syntaskio-Proprietary",
                    };
                    // A server's address without its trailing slash: paths start with one.
                    foreach (var server in document.Servers ?? [])
                        server.Url = server.Url?.TrimEnd('/');
                    document.Tags = new HashSet<OpenApiTag>(
                        TagDescriptions.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value })
                    );
                    document.Info.Description =
                        "Completes and reopens tasks at Microsoft To Do, ConnectWise Manage and "
                        + "Process Plan, and streams each sync's state.";
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                    document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "A Syntaskio JWT (in Development, POST /dev/token issues one).",
                    };
                    // The shape every refusal has (RFC 7807), referenced by the answers added below.
                    document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                    document.Components.Schemas.TryAdd(
                        "ProblemDetails",
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
                                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                            },
                        }
                    );
                    return Task.CompletedTask;
                }
            );
            options.AddOperationTransformer(
                (operation, context, _) =>
                {
                    var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                    var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                    var authorization = metadata.OfType<IAuthorizeData>().ToList();
                    operation.Responses ??= [];
                    // An anonymous route says so: no security requirement at all, not an unstated one.
                    if (anonymous || authorization.Count == 0)
                        operation.Security = [];
                    if (!anonymous && authorization.Count > 0)
                    {
                        operation.Security ??= [];
                        operation.Security.Add(
                            new OpenApiSecurityRequirement
                            {
                                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                            }
                        );
                        AddProblem(operation, 401, "No valid bearer token.");
                        if (authorization.Any(each => each.Policy is not null || each.Roles is not null))
                            AddProblem(operation, 403, "The token lacks the role this route needs.");
                    }
                    if (metadata.OfType<EnableRateLimitingAttribute>().FirstOrDefault() is { } limit)
                        AddProblem(
                            operation,
                            429,
                            limit.PolicyName == RequestRateLimits.Anonymous
                                ? "Too many requests from this address; see Retry-After."
                                : "Too many changes from this user; see Retry-After."
                        );
                    if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                        AddProblem(operation, 503, "The database is unavailable; try again after Retry-After.");
                    return Task.CompletedTask;
                }
            );
        });

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
            return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", null) },
            },
        };
    }
}
