namespace Syntaskio.LoadTest.Running;

/// <summary>
/// The statements Npgsql's pool sends to reset a reused connection. It writes them ahead of the connection's next
/// command, in the same message, so they cost no round trip of their own. Without prepared statements the reset is
/// DISCARD ALL; once a connection holds prepared statements (the data sources prepare automatically), DISCARD ALL
/// would drop them, so Npgsql sends the other statements instead.
/// </summary>
public static class PoolResetStatements
{
    public static readonly string[] All =
    [
        "DISCARD ALL",
        "CLOSE ALL",
        "UNLISTEN *",
        "SELECT pg_advisory_unlock_all()",
        "DISCARD SEQUENCES",
        "DISCARD TEMP",
        "RESET ALL",
        "SET SESSION AUTHORIZATION DEFAULT",
    ];
}
