namespace Syntaskio.Tests.Contracts;

/// <summary>
/// The spec reader reads what the contract tests rely on, so a check that passes is not an empty one.
/// </summary>
public sealed class ConnectWiseSpecTests
{
    [Test]
    public void Read_FindsSchemasFieldsAndTheirTypes()
    {
        var ticket = ConnectWiseSpec.Instance.Schemas["Ticket"];

        Assert.That(ticket["summary"], Is.EqualTo(new SpecField("summary", true, "string", false, false)));
        Assert.That(ticket["board"].Type, Is.EqualTo("BoardReference"));
        Assert.That(ConnectWiseSpec.Instance.Schemas["BoardStatus"]["closedStatus"].Nullable, Is.True);
        Assert.That(ConnectWiseSpec.Instance.Schemas["Info"]["licenseBits"].Array, Is.True);
    }

    [Test]
    public void Read_FindsRoutesAndTheirQueryParameters()
    {
        Assert.That(
            ConnectWiseSpec.Instance.OperationOf("PATCH", "service/tickets/42"),
            Is.EqualTo("patchServiceTicketsById")
        );
        Assert.That(ConnectWiseSpec.Instance.OperationOf("PATCH", "service/boards/1"), Is.Null);
        Assert.That(
            ConnectWiseSpec.Instance.Queries["getServiceTickets"],
            Is.SupersetOf(new[] { "conditions", "orderBy", "page", "pageSize" })
        );
    }
}
