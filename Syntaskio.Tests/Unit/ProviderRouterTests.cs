using Microsoft.Extensions.Options;
using Moq;
using Syntaskio.Jobs.Processing;
using Syntaskio.Providers;
using Syntaskio.Providers.Microsoft;

namespace Syntaskio.UnitTests;

public sealed class ProviderRouterTests
{
    [Test]
    public void For_ReturnsMicrosoftTodoClient_WhenSourceIsMicrosoft()
    {
        var tokens = new MicrosoftTokenClient(
            Mock.Of<IHttpClientFactory>(),
            Options.Create(new MicrosoftTodoOptions()),
            TimeProvider.System
        );
        var client = new MicrosoftTodoClient(
            Mock.Of<IHttpClientFactory>(),
            tokens,
            Mock.Of<IConnectionCredentialStore>(),
            TimeProvider.System
        );
        var services = new Mock<IServiceProvider>();
        services.Setup(provider => provider.GetService(typeof(MicrosoftTodoClient))).Returns(client);

        var provider = new ProviderRouter(services.Object).For("microsoft");

        Assert.That(provider, Is.SameAs(client));
    }

    [Test]
    public void For_ThrowsPermanentError_WhenSourceIsUnknown()
    {
        var router = new ProviderRouter(Mock.Of<IServiceProvider>());

        var error = Assert.Throws<PermanentProviderException>(() => router.For("jira"));

        Assert.That(error!.Message, Does.Contain("jira"));
    }
}
