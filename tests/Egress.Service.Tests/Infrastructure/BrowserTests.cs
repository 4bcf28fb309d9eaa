using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Infrastructure;

/// <summary>Headless Chromium through Playwright, offline: renders a page and keeps a screenshot.</summary>
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [ChromiumFact]
    public async Task Chromium_renders_a_data_url_and_a_screenshot_file_appears()
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync("data:text/html,<!doctype html><title>Egress smoke</title><main><h1 id=h>Hello from Chromium</h1></main>");
        Assert.Equal("Egress smoke", await page.TitleAsync());
        Assert.Equal("Hello from Chromium", await page.Locator("#h").InnerTextAsync());
        var path = Browser.ScreenshotPath("infrastructure-smoke");
        File.Delete(path);
        await Browser.ScreenshotAsync(page, "infrastructure-smoke");
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 100);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        await page.Context.CloseAsync();
    }
}
