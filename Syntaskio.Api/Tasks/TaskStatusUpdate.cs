namespace Syntaskio.Api.Tasks;

/// <summary>The body of PUT /api/tasks/{id}/status: pending, in_progress or completed.</summary>
public sealed record TaskStatusUpdate(string? Status);
