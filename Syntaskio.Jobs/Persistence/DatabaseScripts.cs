using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using DbUp.Engine;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// The scripts of db/, embedded at build time. Migrations (db/*.sql: tables, columns, indexes) run once each, in
/// order, under their resource name. Functions (db/functions) and then triggers (db/triggers) follow; each is a
/// CREATE OR REPLACE named with a hash of its text, so DbUp's journal runs it again exactly when it changed.
/// </summary>
public static class DatabaseScripts
{
    private const string MigrationsPrefix = "Syntaskio.Jobs.Migrations.";
    private const string FunctionsPrefix = "Syntaskio.Jobs.Routines.functions.";
    private const string TriggersPrefix = "Syntaskio.Jobs.Routines.triggers.";

    public static IReadOnlyList<SqlScript> All()
    {
        var assembly = typeof(DatabaseScripts).Assembly;
        var names = assembly.GetManifestResourceNames().Where(name => name.EndsWith(".sql", StringComparison.Ordinal));
        return
        [
            .. Load(assembly, names, MigrationsPrefix, runGroup: 1, hashed: false),
            .. Load(assembly, names, FunctionsPrefix, runGroup: 2, hashed: true),
            .. Load(assembly, names, TriggersPrefix, runGroup: 3, hashed: true),
        ];
    }

    private static IEnumerable<SqlScript> Load(
        Assembly assembly,
        IEnumerable<string> names,
        string prefix,
        int runGroup,
        bool hashed
    )
    {
        foreach (var name in names.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var journalName = hashed
                ? $"{name}@{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16]}"
                : name;
            yield return new SqlScript(journalName, text, new SqlScriptOptions { RunGroupOrder = runGroup });
        }
    }
}
