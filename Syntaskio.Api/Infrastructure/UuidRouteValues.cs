namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// Route values that must be UUIDs, checked once for a whole route group: a malformed one is answered with a
/// validation problem before any handler runs, so a handler reads the value as a valid UUID.
/// </summary>
public static class UuidRouteValues
{
    public static TBuilder RequireUuidRouteValues<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(
            async (context, next) =>
            {
                var routeValues = context.HttpContext.Request.RouteValues;
                var errors = names
                    .Where(name =>
                        routeValues.TryGetValue(name, out var value) && !Guid.TryParse(value?.ToString(), out _)
                    )
                    .ToDictionary(name => name, name => new[] { $"{name} must be a UUID." });
                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await next(context);
            }
        );
}
