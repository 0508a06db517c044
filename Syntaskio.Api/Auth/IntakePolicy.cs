using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Syntaskio.Api.Auth;

/// <summary>The intake route: a service token carrying the role Auth:IntakeRole, never a person's.</summary>
public static class IntakePolicy
{
    public const string Name = "sync-intake";
}

public sealed class IntakeRoleRequirement : IAuthorizationRequirement;

public sealed class IntakeRoleHandler(IOptions<AuthOptions> options) : AuthorizationHandler<IntakeRoleRequirement>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        IntakeRoleRequirement requirement
    )
    {
        if (context.User.IsInRole(options.Value.IntakeRole))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
