using Syntaskio.Sandbox.Microsoft;

namespace Syntaskio.Sandbox.Control;

/// <summary>Which vendor a request path belongs to; null for the /_sandbox control surface.</summary>
public static class VendorRoutes
{
    public static string? ProviderOf(PathString path) =>
        path.StartsWithSegments(GraphTodoApi.BasePath) ? "microsoft" : null;
}
