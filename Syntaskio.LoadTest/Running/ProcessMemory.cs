namespace Syntaskio.LoadTest.Running;

/// <summary>Another process's memory from /proc/{pid}/status (Linux): null when there is no such process.</summary>
public static class ProcessMemory
{
    public const string Resident = "VmRSS:";
    public const string Peak = "VmHWM:";

    public static double? Mb(int pid, string field)
    {
        var status = $"/proc/{pid}/status";
        if (pid == 0 || !File.Exists(status))
            return null;
        var line = File.ReadLines(status).FirstOrDefault(text => text.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
