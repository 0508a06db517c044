namespace Syntaskio.Providers.ConnectWise;

/// <summary>
/// The ConnectWise objects a Syntaskio task can be. ConnectWise has no standalone "project task": the story's
/// project tasks are project tickets and the tasks on tickets.
/// </summary>
public static class ConnectWiseKinds
{
    public const string ServiceTicket = "service_ticket";
    public const string ProjectTicket = "project_ticket";
    public const string ServiceTicketTask = "service_ticket_task";
    public const string ProjectTicketTask = "project_ticket_task";

    public static string TicketCollection(string kind) =>
        kind switch
        {
            ServiceTicket or ServiceTicketTask => "service/tickets",
            ProjectTicket or ProjectTicketTask => "project/tickets",
            _ => throw new PermanentProviderException($"ConnectWise has no task kind '{kind}'."),
        };

    public static bool IsTicketTask(string kind) => kind is ServiceTicketTask or ProjectTicketTask;
}
