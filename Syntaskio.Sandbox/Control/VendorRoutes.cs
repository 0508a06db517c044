using Syntaskio.Sandbox.ConnectWise;
using Syntaskio.Sandbox.Microsoft;
using Syntaskio.Sandbox.ProcessPlan;

namespace Syntaskio.Sandbox.Control;

/// <summary>Which vendor a request path belongs to; null for the /_sandbox control surface.</summary>
public static class VendorRoutes
{
    public static string? ProviderOf(PathString path) =>
        path.StartsWithSegments(GraphTodoApi.BasePath) || path.StartsWithSegments(IdentityPlatformApi.BasePath)
            ? "microsoft"
        : path.StartsWithSegments(CwApi.BasePath) ? "connectwise"
        : path.StartsWithSegments(PpApi.BasePath) || path.StartsWithSegments(PpV4Api.BasePath) ? "processplan"
        : null;
}
