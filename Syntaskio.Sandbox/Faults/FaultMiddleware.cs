using Syntaskio.Sandbox.ConnectWise;
using Syntaskio.Sandbox.Control;
using Syntaskio.Sandbox.Microsoft;
using Syntaskio.Sandbox.ProcessPlan;

namespace Syntaskio.Sandbox.Faults;

/// <summary>Applies injected faults to vendor routes only; the /_sandbox control surface is never faulted.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var provider = VendorRoutes.ProviderOf(context.Request.Path);
        if (provider is null || faults.Next(provider, context.Request.Method, context.Request.Path) is not { } fault)
        {
            await next(context);
            return;
        }

        if (fault.LatencyMs > 0)
            await Task.Delay(fault.LatencyMs, context.RequestAborted);
        if (fault.LostAnswer)
        {
            // The vendor does the work; its answer goes nowhere and the connection is dropped.
            context.Response.Body = Stream.Null;
            await next(context);
            context.Abort();
            return;
        }
        if (fault.Status == 0)
        {
            await next(context);
            return;
        }
        if (fault.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString();
        await (
            provider switch
            {
                "microsoft" => GraphErrors.Write(context, fault.Status),
                "connectwise" => CwErrors.Write(context, fault.Status),
                "processplan" => PpJson.WriteError(context, fault.Status),
                _ => throw new InvalidOperationException($"No error format for {provider}"),
            }
        );
    }
}
