using System.Globalization;
using System.Net;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Syntaskio.Api.Audit;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Scheduling;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// The dashboard's Dead letters page (docs/support.md): failed syncs grouped by provider and error, each
/// group retried in one go through the same fresh-retries path as Requeue, and a search by task title.
/// </summary>
internal sealed class DeadLettersPage : RazorPage
{
    public const string Path = "/deadletters";
    public const string RetryPath = "/deadletters/retry";

    /// <summary>Adds the page, its retry command and its menu item to the dashboard (process-wide, once).</summary>
    public static void Register()
    {
        DashboardRoutes.Routes.AddRazorPage(Path, _ => new DeadLettersPage());
        DashboardRoutes.Routes.AddCommand(RetryPath, RetryGroup);
        NavigationMenu.Items.Add(page => new MenuItem("Dead letters", page.Url.To(Path))
        {
            Active = page.RequestPath.StartsWith(Path, StringComparison.Ordinal),
        });
    }

    public override void Execute()
    {
        Layout = new LayoutPage("Dead letters");
        var deadLetters = Context.GetHttpContext().RequestServices.GetRequiredService<DeadLetterRepository>();
        var title = Context.Request.GetQuery("title") ?? "";
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">Dead letters</h1>");
        WriteLiteral($"<form method=\"get\" action=\"{Encode(Url.To(Path))}\" class=\"syntaskio-search\">");
        WriteLiteral($"<input type=\"search\" name=\"title\" value=\"{Encode(title)}\" placeholder=\"Task title\"> ");
        WriteLiteral("<button type=\"submit\" class=\"btn btn-sm btn-default\">Find</button></form>");
        if (title.Length > 0)
            WriteFound(deadLetters.FindByTitle(title));
        WriteGroups(deadLetters.Groups());
        WriteLiteral("</div></div>");
    }

    private void WriteFound(IReadOnlyList<DeadLetter> found)
    {
        WriteLiteral("<h3>Found</h3><table class=\"table syntaskio-found\">");
        WriteLiteral("<tr><th>Job</th><th>Task</th><th>Person</th>");
        WriteLiteral("<th>Vendor</th><th>Error</th><th></th></tr>");
        foreach (var letter in found)
        {
            var job = Encode(letter.HangfireJobId);
            WriteLiteral($"<tr><td><a href=\"{Encode(Url.JobDetails(letter.HangfireJobId))}\">#{job}</a>");
            WriteLiteral($"</td><td>{Encode(letter.Title)}</td><td>{Encode(letter.Subject)}</td>");
            WriteLiteral($"<td>{Encode(ProviderRouter.NameOf(letter.Source))}</td><td>{Encode(letter.Error)}</td>");
            WriteLiteral($"<td>{RetryButton(letter.Source, letter.Error, "Retry its group")}</td></tr>");
        }
        WriteLiteral("</table>");
    }

    private void WriteGroups(IReadOnlyList<DeadLetterGroup> groups)
    {
        WriteLiteral("<h3>By provider and error</h3><table class=\"table syntaskio-groups\"><tr><th>Vendor</th>");
        WriteLiteral("<th>Error</th><th>Failed syncs</th><th>Latest</th><th></th></tr>");
        foreach (var group in groups)
        {
            WriteLiteral($"<tr><td>{Encode(ProviderRouter.NameOf(group.Source))}</td><td>{Encode(group.Error)}</td>");
            WriteLiteral(
                string.Create(CultureInfo.InvariantCulture, $"<td>{group.Count}</td><td>{group.Latest:u}</td>")
            );
            WriteLiteral($"<td>{RetryButton(group.Source, group.Error, "Retry group")}</td></tr>");
        }
        WriteLiteral("</table>");
    }

    // Hangfire's own script posts a [data-ajax] button's address (with its antiforgery header) and reloads the page.
    private string RetryButton(string source, string error, string label)
    {
        if (Context.IsReadOnly)
            return "";
        var url = $"{Url.To(RetryPath)}?source={Uri.EscapeDataString(source)}&error={Uri.EscapeDataString(error)}";
        return $"<button class=\"btn btn-sm btn-primary syntaskio-retry\" data-ajax=\"{Encode(url)}\" "
            + $"data-loading-text=\"Retrying…\">{Encode(label)}</button>";
    }

    private static bool RetryGroup(DashboardContext context)
    {
        var source = context.Request.GetQuery("source");
        if (string.IsNullOrEmpty(source))
            return false;
        var http = context.GetHttpContext();
        var requeued = http
            .RequestServices.GetRequiredService<ManualRetry>()
            .RequeueGroup(source, context.Request.GetQuery("error") ?? "");
        http.Items[DashboardAuditMiddleware.JobIdsItem] = requeued;
        return requeued.Count > 0;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
