using System.Text.Json.Nodes;

namespace Syntaskio.Tests.Contracts;

/// <summary>The contract checker must be able to fail, or the contract tests prove nothing.</summary>
public sealed class SchemaCheckerTests
{
    private static readonly OpenApiSpec Spec = OpenApiSpec.Load("graph-todo-v1.0.yaml");
    private static readonly SchemaChecker Checker = new(Spec);

    [TestCase("""{"status":"done"}""", "is not one of")]
    [TestCase("""{"status":"completed","colour":"red"}""", "'colour' is not a property")]
    [TestCase("""{"isReminderOn":"yes"}""", "expected True")]
    [TestCase("""{"completedDateTime":{"dateTime":5}}""", "expected String")]
    [TestCase("""{"createdDateTime":"yesterday"}""", "does not match")]
    public void Check_ReportsTheViolation_WhenTodoTaskIsWrong(string json, string expected)
    {
        var errors = Checker.Check(JsonNode.Parse(json), Spec.Schema("microsoft.graph.todoTask"));

        Assert.That(errors, Has.Some.Contains(expected));
    }

    [Test]
    public void Check_ReportsMissingCode_WhenErrorBodyIsIncomplete()
    {
        var errors = Checker.Check(
            JsonNode.Parse("""{"error":{"message":"x"}}"""),
            Spec.Schema("microsoft.graph.ODataErrors.ODataError")
        );

        Assert.That(errors, Has.Some.Contains("missing required 'code'"));
    }
}
