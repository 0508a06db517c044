using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// Every account from the page, in Chromium against the emulator: ConnectWise keys refused and then accepted, one of
/// its tickets completed from the page, Reconnect for a vendor other than Microsoft, and Disconnect's confirmation.
/// </summary>
[NonParallelizable]
public sealed class AccountsPageTests : PageTestBase
{
    [Test]
    public async Task ConnectWise_WrongKeysThenTheRightOnes_ThenOneOfItsTicketsCompletedFromThePage()
    {
        var world = await ConnectWiseWorld.SeedAsync(TestEnvironment.Sandbox);
        var subject = $"browser-{Guid.NewGuid():N}";
        var page = await SignInAsync(subject);
        var form = page.Page.Locator("#connect-connectwise");
        await page.Page.Locator("#connection-list li[data-provider=connectwise] .account-line button").ClickAsync();
        await Expect(form.Locator("#connectwise-site")).ToBeFocusedAsync();
        await form.Locator("#connectwise-companyId").FillAsync(world.Credentials.CompanyId);
        await form.Locator("#connectwise-publicKey").FillAsync(world.Credentials.PublicKey);
        await form.Locator("#connectwise-privateKey").FillAsync("not-the-key");
        await form.Locator("#connectwise-clientId").FillAsync(world.Credentials.ClientId);

        await form.GetByRole(Microsoft.Playwright.AriaRole.Button).ClickAsync();
        await Expect(form.Locator("#connectwise-site-error")).ToContainTextAsync("site must be the ConnectWise site");
        await Expect(form.Locator("#connectwise-site")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("#connectwise-site")).ToBeFocusedAsync();
        await form.Locator("#connectwise-site")
            .FillAsync(new Uri(TestEnvironment.Sandbox.BaseUrl, "/connectwise").ToString());
        await form.GetByRole(Microsoft.Playwright.AriaRole.Button).ClickAsync();
        await Expect(form.Locator(".form-error")).ToContainTextAsync("ConnectWise refused these keys");
        await BrowserSession.ScreenshotAsync(page.Page, "accounts-connectwise-refused");
        Assert.That(await ConnectionsOfAsync(subject), Is.Empty, "refused keys are not stored");

        await form.Locator("#connectwise-privateKey").FillAsync(world.Credentials.PrivateKey);
        await form.GetByRole(Microsoft.Playwright.AriaRole.Button).ClickAsync();
        var account = page.Page.Locator("#connection-list li[data-provider=connectwise]");
        await Expect(account).ToHaveAttributeAsync("data-status", "connected");
        await Expect(page.Page.Locator("#connection-notice")).ToHaveTextAsync("ConnectWise is connected.");

        var userId = await TestEnvironment
            .Api.Services.GetRequiredService<UserRepository>()
            .EnsureAsync(subject, null, CancellationToken.None);
        var ticket = await TestUsers.AddTaskAsync(
            userId,
            "connectwise",
            ConnectWiseKinds.ServiceTicket,
            world.SecondServiceTicket.ToString(),
            null
        );
        await page.Page.ReloadAsync();
        await page.Checkbox(ticket.Id).ClickAsync();
        await Expect(page.Badge(ticket.Id)).ToHaveAttributeAsync("data-state", "synced");
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("connectwise", ticket.ExternalId);
        Assert.That((bool)vendor!["done"]!, Is.True);
    }

    [Test]
    public async Task AConnectWiseAccountThatNeedsReconnecting_OffersReconnect_WhichOpensItsForm()
    {
        var user = await EveryKindUser.CreateAsync();
        var connections = TestEnvironment.Api.Services.GetRequiredService<ProviderConnectionRepository>();
        var stored = await connections.FindAsync(user.UserId, "connectwise", CancellationToken.None);
        await connections.MarkNeedsReconnectAsync(stored!.Id, "ConnectWise refused the keys (401)", default);
        var page = await SignInAsync(user.Subject);

        await Expect(page.Page.Locator("#reconnect-banner")).ToContainTextAsync("ConnectWise needs you to connect");
        await page.Page.Locator("#reconnect-banner .reconnect").ClickAsync();

        await Expect(page.Page.Locator("#connect-connectwise")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#connectwise-site")).ToBeFocusedAsync();
    }

    [Test]
    public async Task Disconnect_AsksFirst_SayingWhatHappensToWaitingSyncs_AndKeepingItIsTheDefault()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var page = await SignInAsync(user.Subject);
        var account = page.Page.Locator("#connection-list li[data-provider=microsoft]");
        var dialog = page.Page.Locator("#disconnect-dialog");

        await account.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("Syncs still waiting to reach Microsoft To Do stop and show as failed");
        await page.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.That(await ConnectionsOfAsync(user.Subject), Has.Count.EqualTo(1), "kept");
        await account.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();

        await Expect(account).ToHaveAttributeAsync("data-status", "none");
        Assert.That(await ConnectionsOfAsync(user.Subject), Is.Empty);
    }

    private static async Task<JsonArray> ConnectionsOfAsync(string subject)
    {
        using var client = await TestEnvironment.Api.CreateClientAsync(subject);
        return (await client.GetFromJsonAsync<JsonArray>("/api/connections"))!;
    }
}
