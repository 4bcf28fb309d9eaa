using Egress.Service.Tests.Support;
using Egress.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Xunit;
using static Egress.Service.Tests.BrowserFlows.PageChecks;

namespace Egress.Service.Tests.BrowserFlows;

/// <summary>
/// The daily report page in real headless Chromium, on a real Kestrel serving the simulated month (SQLite): an
/// auditor opens it from the navigation, the three bad actors head the anomalies table, and the three charts are
/// drawn by the Chart.js Egress serves itself (each canvas has a chart and painted pixels; no CSP violation).
/// Without JavaScript the same tables are there and the charts are not. Screenshots: artifacts/screenshots/report-*.png.
/// </summary>
public sealed class DailyReportBrowserTests(DailyReportSite site) : IClassFixture<DailyReportSite>
{
    private static readonly string Day = SimulatedMonth.LastDay.ToString("yyyy-MM-dd");

    [ChromiumFact]
    public async Task An_auditor_sees_the_three_bad_actors_first_and_the_charts_drawn()
    {
        var page = await site.SignInAsync("audrey");
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add(e);
        await page.ClickAsync("#nav-report");
        await page.WaitForURLAsync(url => url.Contains("/reports/daily"));
        await page.GotoAsync($"/reports/daily?date={Day}");
        await page.WaitForSelectorAsync("html[data-charts=drawn]");

        var ranked = await page.EvaluateAsync<string[]>(
            "() => [...new Set([...document.querySelectorAll('#anomalies-table tbody tr')].map(r => r.dataset.project))]");
        Assert.Equal(SimulatedMonth.Plan.BadActors.Order(), ranked.Take(3).Order());

        foreach (var id in new[] { "chart-volume", "chart-verdicts", "chart-exposure" })
        {
            var painted = await page.EvaluateAsync<int>(@"id => {
                const canvas = document.getElementById(id);
                if (!canvas || !window.Chart || !window.Chart.getChart(canvas)) return -1;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) n++;
                return n;
            }", id);
            Assert.True(painted > 1000, $"{id}: {painted} painted pixels (-1: no chart)");
        }
        Assert.Contains("would still be released", await page.Locator("#rescan-result").InnerTextAsync());
        Assert.True(await page.Locator("#projects-table tbody tr").CountAsync() == 20);
        await ScreenshotAndCheckAsync(page, "report-01-daily");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Without_javascript_the_tables_are_there_and_the_charts_are_not()
    {
        var context = await site.Browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUrl, JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        var page = await context.NewPageAsync();
        await DailyReportSite.SignInAsync(page, "admin");
        await page.GotoAsync($"/reports/daily?date={Day}");
        var report = await site.Harness.Service.DailyReportAsync(site.Harness["admin"], SimulatedMonth.LastDay, rescan: false);
        Assert.Equal(report.Anomalies.Count, await page.Locator("#anomalies-table tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("canvas[data-drawn]").CountAsync());
        Assert.Equal(3, await page.Locator("canvas").CountAsync());
        await ScreenshotAndCheckAsync(page, "report-02-daily-without-javascript");
        await context.CloseAsync();
    }
}

/// <summary>The simulated month served by a real Kestrel on loopback, and one Chromium.</summary>
public sealed class DailyReportSite : IAsyncLifetime
{
    private WebApplication? app;
    private Browser? browser;

    public Browser Browser => browser ?? throw new InvalidOperationException("Chromium did not start");
    public AirlockHarness Harness { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (TestServers.Disabled) return;
        var (h, _) = await SimulatedMonth.SharedSqliteAsync();
        Harness = h;
        app = EgressWebApp.Build(h.Service, new EgressServerOptions { Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        browser = await Browser.LaunchAsync();
    }

    public async Task<IPage> SignInAsync(string username)
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await SignInAsync(page, username);
        return page;
    }

    public static async Task SignInAsync(IPage page, string username)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(AirlockHarness.Password);
        await page.ClickAsync("#signin-button");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
