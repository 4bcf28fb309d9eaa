using Microsoft.Playwright;

using Xunit;

namespace Egress.Service.Tests.Support;

/// <summary>
/// Real headless Chromium (Debian `chromium`, EGRESS_TEST_CHROMIUM) driven by Playwright. The Playwright
/// driver ships inside the NuGet package; no browser is downloaded (`playwright install` is never run).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        this.playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var executable = TestServers.Require(TestServers.ChromiumVariable, "Chromium (Debian `chromium`)");
        if (!File.Exists(executable)) throw new InvalidOperationException($"{TestServers.ChromiumVariable}={executable}: no such file");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Loopback only: no proxy lookups, no Google services, no first-run network traffic.
                Args = ["--no-proxy-server", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
                Timeout = 60_000,
            });
            return new Browser(playwright, chromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh, isolated context (own cookies) with a laptop-sized viewport; one per signed-in user.</summary>
    public async Task<IPage> NewPageAsync(string? baseUrl = null)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot to artifacts/screenshots/&lt;name&gt;.png in the repository root; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = ScreenshotPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return Path.Combine(folder, safe + ".png");
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.CloseAsync();
        playwright.Dispose();
    }
}

/// <summary>xunit class fixture: one Chromium per test class (starting it costs about a second).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private Browser? browser;

    public Browser Browser => browser ?? throw new InvalidOperationException("Chromium was not started");

    public async Task InitializeAsync()
    {
        if (TestServers.Disabled) return; // the class's tests are skipped
        browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
    }
}
