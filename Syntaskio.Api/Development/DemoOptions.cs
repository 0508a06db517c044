namespace Syntaskio.Api.Development;

/// <summary>Section "Demo": Development only. build.ps1 run sets SandboxUrl to the emulator it started.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The provider emulator to seed demo objects into; demo seeding is off when unset.</summary>
    public Uri? SandboxUrl { get; set; }

    public string Subject { get; set; } = "demo";
}
