using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Syntaskio.Api.Auth;

/// <summary>
/// Support staff's policies: roles come from the token's "role" claim, named by Auth:SupportRole and
/// Auth:SupportReadOnlyRole.
/// </summary>
public static class SupportPolicies
{
    /// <summary>Support actions and the audit log: the support role.</summary>
    public const string Support = "support";

    /// <summary>The Hangfire dashboard: the support role, or the read-only role (which sees but cannot act).</summary>
    public const string Dashboard = "support-dashboard";
}

public sealed class SupportRoleRequirement(bool readOnlyAllowed) : IAuthorizationRequirement
{
    public bool ReadOnlyAllowed { get; } = readOnlyAllowed;
}

public sealed class SupportRoleHandler(IOptions<AuthOptions> options) : AuthorizationHandler<SupportRoleRequirement>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        SupportRoleRequirement requirement
    )
    {
        var auth = options.Value;
        if (
            context.User.IsInRole(auth.SupportRole)
            || (requirement.ReadOnlyAllowed && context.User.IsInRole(auth.SupportReadOnlyRole))
        )
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
