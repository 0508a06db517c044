using System.Text.RegularExpressions;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// The subset of ConnectWise's `conditions` query language the emulator understands: comparisons joined by
/// `and`, such as `closedStatus=true` or `name="Closed (resolved)" and defaultFlag=false`.
/// </summary>
public static partial class CwConditions
{
    public static Func<CwStatus, bool>? Parse(string? conditions)
    {
        if (string.IsNullOrWhiteSpace(conditions))
            return _ => true;
        var tests = new List<Func<CwStatus, bool>>();
        foreach (var clause in AndSeparator().Split(conditions))
        {
            var match = Comparison().Match(clause.Trim());
            if (!match.Success)
                return null;
            var value = match.Groups["value"].Value.Trim('"');
            Func<CwStatus, bool>? test = match.Groups["field"].Value switch
            {
                "closedStatus" when bool.TryParse(value, out var closed) => status => status.ClosedStatus == closed,
                "defaultFlag" when bool.TryParse(value, out var isDefault) => status => status.DefaultFlag == isDefault,
                "name" => status => status.Name == value,
                "id" when int.TryParse(value, out var id) => status => status.Id == id,
                _ => null,
            };
            if (test is null)
                return null;
            tests.Add(test);
        }
        return status => tests.All(test => test(status));
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"^(?<field>[A-Za-z]+)\s*=\s*(?<value>""[^""]*""|\S+)$")]
    private static partial Regex Comparison();
}
