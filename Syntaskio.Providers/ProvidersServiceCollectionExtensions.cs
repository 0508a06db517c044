using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.Providers;

public static class ProvidersServiceCollectionExtensions
{
    public static IServiceCollection AddTaskProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddTimeProvider();
        services.AddOptions<MicrosoftTodoOptions>()
            .Bind(configuration.GetSection(MicrosoftTodoOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(MicrosoftTodoClient.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<MicrosoftTodoOptions>>().Value.RequestTimeout);
        services.AddSingleton<MicrosoftTodoClient>();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(descriptor => descriptor.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
