namespace Syntaskio.UnitTests.Architecture;

/// <summary>The repository's own files, found from the test's output folder upwards.</summary>
internal static class SourceTree
{
    public static DirectoryInfo Root { get; } = FindRoot();

    /// <summary>The service's production code: what runs in the API and worker processes.</summary>
    public static IEnumerable<FileInfo> ServiceSources() =>
        new[] { "Syntaskio.Api", "Syntaskio.Jobs", "Syntaskio.Providers", "Syntaskio.Worker" }.SelectMany(project =>
            new DirectoryInfo(Path.Combine(Root.FullName, project))
                .EnumerateFiles("*.cs", SearchOption.AllDirectories)
                .Where(file =>
                    !file.FullName.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                )
                .Where(file =>
                    !file.FullName.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                )
        );

    public static IEnumerable<FileInfo> Sql(string folder) =>
        new DirectoryInfo(Path.Combine(Root.FullName, folder)).EnumerateFiles("*.sql").OrderBy(file => file.Name);

    private static DirectoryInfo FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Syntaskio.Sync.sln")))
            directory = directory.Parent
                ?? throw new InvalidOperationException("Syntaskio.Sync.sln not found above the tests.");
        return directory;
    }
}
