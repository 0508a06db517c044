namespace Syntaskio.Sandbox.Faults;

public static class FaultsApi
{
    private static readonly string[] Providers = ["microsoft", "connectwise", "processplan"];

    public static void MapFaultsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/faults", AddFault);
        app.MapDelete("/_sandbox/faults", ClearFaults);
    }

    public static IResult AddFault(FaultRequest request, FaultInjector faults, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Providers.Contains(request.Provider))
            errors["provider"] = [$"provider must be one of {string.Join(", ", Providers)}."];
        if (request.Status is not (0 or >= 400 and <= 599))
            errors["status"] = ["status must be 0 (latency only) or 400-599."];
        if (request.Count is < 1)
            errors["count"] = ["count must be at least 1."];
        if (request.LatencyMs is < 0 or > 600_000)
            errors["latencyMs"] = ["latencyMs must be 0-600000."];
        if (request.LostAnswer == true && request.Status is not (null or 0))
            errors["lostAnswer"] = ["a lost answer carries the request out: status must be 0 or absent."];
        if (request.Method is { } method && !HttpMethods.IsGet(method) && !IsWrite(method))
            errors["method"] = ["method must be GET, POST, PUT, PATCH or DELETE."];
        if (request.DurationMs is < 1 or > 3_600_000)
            errors["durationMs"] = ["durationMs must be 1-3600000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var until = request.DurationMs is { } duration
            ? time.GetUtcNow().AddMilliseconds(duration)
            : (DateTimeOffset?)null;
        var fault = new Fault(
            request.Provider!,
            request.Status ?? 0,
            request.Count ?? 1,
            request.RetryAfterSeconds,
            request.LatencyMs ?? 0,
            request.Match,
            until,
            request.Method?.ToUpperInvariant(),
            request.LostAnswer == true
        );
        faults.Add(fault);
        return TypedResults.Ok(fault);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method)
        || HttpMethods.IsPut(method)
        || HttpMethods.IsPatch(method)
        || HttpMethods.IsDelete(method);

    public static IResult ClearFaults(FaultInjector faults)
    {
        faults.Clear();
        return TypedResults.NoContent();
    }
}

public sealed record FaultRequest(
    string? Provider,
    int? Status,
    int? Count,
    int? RetryAfterSeconds,
    int? LatencyMs,
    string? Match,
    int? DurationMs,
    string? Method = null,
    bool? LostAnswer = null
);
