namespace Syntaskio.Sandbox;

public static class Program
{
    public static Task Main(string[] args) => SandboxApp.Create(args).RunAsync();
}
