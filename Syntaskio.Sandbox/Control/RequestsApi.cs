namespace Syntaskio.Sandbox.Control;

public static class RequestsApi
{
    public static void MapRequestsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_sandbox/requests/{provider}", (string provider, RequestJournal journal) =>
            TypedResults.Ok(journal.For(provider))
        );
        app.MapDelete("/_sandbox/requests", (RequestJournal journal) =>
        {
            journal.Clear();
            return TypedResults.NoContent();
        });
    }
}
