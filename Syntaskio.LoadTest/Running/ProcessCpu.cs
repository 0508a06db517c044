using System.Globalization;

namespace Syntaskio.LoadTest.Running;

/// <summary>
/// CPU time from /proc/{pid}/stat (Linux). A process tree's total is the root's own time, the time of its children
/// that have ended (which the kernel adds to the root's cutime and cstime) and the time of its live children: so a
/// PostgreSQL backend that exits between two readings is still counted.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ: /proc reports times in these ticks on every Linux this runs on.
    private const double MsPerTick = 10;

    public static double Ms(int pid) => Fields(pid) is { } stat ? (Tick(stat, 14) + Tick(stat, 15)) * MsPerTick : 0;

    public static double TreeMs(int root)
    {
        if (Fields(root) is not { } stat)
            return 0;
        var total = Tick(stat, 14) + Tick(stat, 15) + Tick(stat, 16) + Tick(stat, 17);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == root)
                continue;
            if (Fields(pid) is { } child && Tick(child, 4) == root)
                total += Tick(child, 14) + Tick(child, 15);
        }
        return total * MsPerTick;
    }

    public static int ParentOf(int pid) => Fields(pid) is { } stat ? (int)Tick(stat, 4) : 0;

    // Field numbers as proc(5) counts them; the command name (field 2) may hold spaces, so split after its ')'.
    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return ["", "", "", .. rest];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Tick(string[] fields, int number) => long.Parse(fields[number], CultureInfo.InvariantCulture);
}
