namespace Syntaskio.Api.Development;

public static class DemoDataSetup
{
    /// <summary>
    /// In Development with Demo:SandboxUrl set, seeds the demo user, its connections and tasks at start.
    /// </summary>
    public static WebApplicationBuilder AddDemoData(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DemoOptions.Section);
        if (!builder.Environment.IsDevelopment() || section[nameof(DemoOptions.SandboxUrl)] is null)
            return builder;
        builder.Services.Configure<DemoOptions>(section);
        builder.Services.AddHttpClient<DemoDataSeeder>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DemoDataSeeder>());
        return builder;
    }
}
