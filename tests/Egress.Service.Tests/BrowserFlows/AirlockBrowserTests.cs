using System.Text.RegularExpressions;
using Egress.Service.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using static Egress.Service.Tests.BrowserFlows.PageChecks;
using Egress.TestSupport;

namespace Egress.Service.Tests.BrowserFlows;

/// <summary>
/// The airlock in real headless Chromium against a real `egress serve --demo` process: a researcher submits a
/// leak (blocked, the reason shown) and tables with a small cell (review); two checkers approve one and reject
/// the other; the researcher downloads the released file with its receipt; an auditor verifies the chain.
/// Every page visited is kept as artifacts/screenshots/airlock-*.png and checked for titles, a main landmark
/// and labelled controls; a request is also submitted with the keyboard alone; an auditor opens the daily report on the demo history.
/// </summary>
public sealed partial class AirlockBrowserTests(DemoServerFixture demo) : IClassFixture<DemoServerFixture>
{
    [ChromiumFact]
    public async Task A_researcher_submits_a_leak_and_sees_it_blocked_with_the_reason()
    {
        var alice = await SignInAsync("alice", "airlock-01-signin");
        await alice.GotoAsync("/requests/new");
        await ScreenshotAndCheckAsync(alice, "airlock-02-submit-form");
        await SubmitAsync(alice, "A", "Participant list for the linkage team", demo.Sample("leak-ids-of-A.txt"));
        Assert.Equal("blocked", await WaitForRequestVerdictAsync(alice));
        var file = await FirstFileIdAsync(alice);
        Assert.Equal("blocked", (await alice.Locator($"#file-{file}-state").InnerTextAsync()).Trim());
        // The reason and how to fix it are on the page: the rule, where, and guidance; never the IDs themselves.
        var findings = alice.Locator($"#file-{file}-findings");
        Assert.Contains("participant-ids", await findings.InnerTextAsync());
        Assert.True(await findings.Locator(".guidance").CountAsync() > 0, "a blocked file's finding says how to fix it");
        var firstId = File.ReadLines(demo.Sample("leak-ids-of-A.txt")).First().Trim();
        PrintedValues.AssertNotShown(await alice.ContentAsync(), firstId);
        Assert.Equal(0, await alice.Locator($"#download-{file}").CountAsync());
        await ScreenshotAndCheckAsync(alice, "airlock-03-request-blocked");
        await alice.GotoAsync("/requests");
        await ScreenshotAndCheckAsync(alice, "airlock-04-my-requests");
        await alice.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Two_checkers_approve_a_small_cell_table_reject_another_and_the_researcher_downloads_the_released_file()
    {
        var alice = await SignInAsync("alice");
        var table = demo.Sample("small-cell-table.csv");
        var approvedRequest = await SubmitAsync(alice, "A", "Participants per assessment centre", table);
        Assert.Equal("awaiting review", await WaitForRequestVerdictAsync(alice));
        var approvedFile = await FirstFileIdAsync(alice);
        Assert.Contains("sdc-minimum-cell-count", await alice.Locator($"#file-{approvedFile}-findings").InnerTextAsync());
        await ScreenshotAndCheckAsync(alice, "airlock-05-request-awaiting-review");

        var other = Path.Combine(demo.DataDir, "ages-by-centre.csv");
        await File.WriteAllTextAsync(other, "assessment_centre,participants_over_80\nLeeds,2\nNewcastle,14\nOxford,31\n");
        var rejectedRequest = await SubmitAsync(alice, "A", "Participants over 80 per centre", other);
        Assert.Equal("awaiting review", await WaitForRequestVerdictAsync(alice));
        var rejectedFile = await FirstFileIdAsync(alice);

        // Carol: the queue, the file view with the findings at their locations, her vote.
        var carol = await SignInAsync("carol", "airlock-06-signin-checker");
        await carol.GotoAsync("/review");
        Assert.True(await carol.Locator($"#queue-row-{approvedRequest}").CountAsync() == 1, "the request is in carol's queue");
        await ScreenshotAndCheckAsync(carol, "airlock-07-review-queue");
        await carol.GotoAsync($"/review/files/{approvedFile}");
        Assert.Contains("sdc-minimum-cell-count", await carol.Locator("#findings").InnerTextAsync());
        await ScreenshotAndCheckAsync(carol, "airlock-08-review-file");
        await VoteAsync(carol, approvedFile, "approve", "Carol: Stockport's 3 is a centre total in the published protocol; fine.");
        Assert.Equal("1 of 2", (await carol.Locator("#file-approvals").InnerTextAsync()).Trim());
        await ScreenshotAndCheckAsync(carol, "airlock-09-review-file-voted");
        await VoteAsync(carol, rejectedFile, "reject", "Carol: a count of 2 people over 80 in one centre.");

        // Dave does not see carol's vote before his own is in; then approves and rejects.
        var dave = await SignInAsync("dave");
        await dave.GotoAsync($"/review/files/{approvedFile}");
        Assert.DoesNotContain("Stockport's 3", await dave.ContentAsync());
        await VoteAsync(dave, approvedFile, "approve", "Dave: agreed.");
        Assert.Contains("Stockport's 3", await dave.ContentAsync());
        await dave.GotoAsync($"/review/files/{rejectedFile}");
        if (await dave.Locator("#vote-form").CountAsync() > 0) await VoteAsync(dave, rejectedFile, "reject", "Dave: agreed, not releasable.");

        // Alice: the approved request's file downloads, identical to what she sent, with a receipt.
        await alice.GotoAsync($"/requests/{approvedRequest}");
        Assert.Equal("approved", (await alice.Locator("#request-state").InnerTextAsync()).Trim());
        await ScreenshotAndCheckAsync(alice, "airlock-10-request-approved");
        var download = await alice.RunAndWaitForDownloadAsync(() => alice.ClickAsync($"#download-{approvedFile}"));
        var saved = Path.Combine(demo.DataDir, "downloaded-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.Equal(await File.ReadAllBytesAsync(table), await File.ReadAllBytesAsync(saved));
        await alice.ClickAsync($"#receipt-{approvedFile}");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(table)));
        Assert.Equal(sha, (await alice.Locator("#receipt-sha256").InnerTextAsync()).Trim());
        await ScreenshotAndCheckAsync(alice, "airlock-11-receipt");

        await alice.GotoAsync($"/requests/{rejectedRequest}");
        Assert.Equal("rejected", (await alice.Locator("#request-state").InnerTextAsync()).Trim());
        Assert.Equal(0, await alice.Locator($"#download-{rejectedFile}").CountAsync());
        await ScreenshotAndCheckAsync(alice, "airlock-12-request-rejected");
        // Nothing is served for a rejected file, even by its URL.
        var refused = await alice.APIRequest.GetAsync($"/files/{rejectedFile}/download");
        Assert.NotEqual(200, refused.Status);

        // Audrey: the audit log, and the chain verifies.
        var audrey = await SignInAsync("audrey");
        await audrey.GotoAsync("/audit");
        await ScreenshotAndCheckAsync(audrey, "airlock-13-audit-log");
        await audrey.ClickAsync("#verify-button");
        Assert.Matches(@"^ok \d+ events$", (await audrey.Locator("#verify-result").InnerTextAsync()).Trim());
        await ScreenshotAndCheckAsync(audrey, "airlock-14-audit-verified");

        foreach (var page in new[] { alice, carol, dave, audrey }) await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_admin_and_token_pages_pass_the_same_accessibility_checks()
    {
        var admin = await SignInAsync("admin");
        foreach (var (path, name) in new[] { ("/admin/users", "airlock-15-admin-users"), ("/admin/projects", "airlock-16-admin-projects"),
                     ("/admin/policy", "airlock-17-admin-policy"), ("/requests", "airlock-18-admin-requests"), ("/tokens", "airlock-19-tokens") })
        {
            await admin.GotoAsync(path);
            await ScreenshotAndCheckAsync(admin, name);
        }
        await admin.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_researcher_signs_in_and_submits_a_request_with_the_keyboard_alone()
    {
        var page = await demo.Browser.NewPageAsync(demo.Server.BaseUrl.ToString());
        await page.GotoAsync("/signin");
        await TabToAsync(page, "#username");
        await page.Keyboard.TypeAsync("alice");
        await TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(demo.Password("alice"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));

        await page.GotoAsync("/requests/new");
        await TabToAsync(page, "#project");
        await TabToAsync(page, "#description");
        await page.Keyboard.TypeAsync("Keyboard only: BMI by sex");
        var file = Path.Combine(demo.DataDir, "keyboard-bmi.csv");
        await File.WriteAllTextAsync(file, "group,mean_bmi,sd_bmi,n\nFemale,26.1,4.2,1480\nMale,27.3,3.9,1512\n");
        await TabToAsync(page, "#files");
        // The file picker is the operating system's own dialog: the keyboard reaches the control, then the test
        // hands the chosen file to it (pressing Space to open a headless picker timed out under load).
        await page.Locator("#files").SetInputFilesAsync(file);
        await TabToAsync(page, "#submit-button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(RequestUrl());
        // Released, or sent to review when project A's exposure is already past its threshold (the leak test's IDs).
        Assert.Contains(await WaitForRequestVerdictAsync(page), new[] { "released", "awaiting review" });
        Assert.Equal("Keyboard only: BMI by sex", (await page.Locator("#request-description").InnerTextAsync()).Trim());
        await ScreenshotAndCheckAsync(page, "airlock-20-keyboard-submission");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task An_auditor_opens_the_daily_report_on_the_demo_history_and_its_charts_are_drawn()
    {
        var audrey = await SignInAsync("audrey");
        await audrey.ClickAsync("#nav-report");
        await audrey.WaitForSelectorAsync("html[data-charts=drawn]");
        // The history ends on the day before the server started: named, so a run across midnight reads the same day.
        await audrey.GotoAsync($"/reports/daily?date={demo.HistoryLastDay}");
        await audrey.WaitForSelectorAsync("html[data-charts=drawn]");
        // The demo's history: project C slices its extract, project B bursts at night yesterday.
        var flagged = await audrey.EvaluateAsync<string[]>("() => [...new Set([...document.querySelectorAll('#anomalies-table tbody tr')].map(r => r.dataset.project))]");
        Assert.Contains("B", flagged);
        Assert.Contains("C", flagged);
        Assert.Equal(3, await audrey.Locator("canvas[data-drawn]").CountAsync());
        await ScreenshotAndCheckAsync(audrey, "airlock-21-daily-report");
        await audrey.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_new_user_changes_the_password_an_admin_set_before_anything_else_and_again_after_a_reset()
    {
        var admin = await SignInAsync("admin");
        await admin.GotoAsync("/admin/users");
        await admin.GetByLabel("Username").FillAsync("frida");
        await admin.GetByLabel("Display name").FillAsync("Frida (researcher)");
        await admin.GetByLabel("Role").SelectOptionAsync("Researcher");
        await admin.GetByLabel("Initial password").FillAsync("frida initial 1");
        await admin.ClickAsync("#add-user-button");
        await admin.WaitForURLAsync(url => url.Contains("notice=user-created"));

        var frida = await SignInAsFridaAsync("frida initial 1");
        await ScreenshotAndCheckAsync(frida, "airlock-22-change-password-forced");
        await frida.GotoAsync("/requests");
        Assert.EndsWith("/account/password", frida.Url);
        await frida.FillAsync("#current-password", "frida initial 1");
        await frida.FillAsync("#new-password", "frida own password 2");
        await frida.FillAsync("#new-password-again", "frida own password 2");
        await frida.ClickAsync("#change-password-button");
        await frida.WaitForURLAsync(url => url.Contains("notice=password-changed"));
        Assert.Contains("Your password is changed", await frida.Locator("#notice").InnerTextAsync());
        Assert.Equal(0, await frida.Locator("#must-change").CountAsync());
        await frida.GotoAsync("/requests");
        Assert.EndsWith("/requests", frida.Url);

        // The admin resets it: Frida's session ends, and the one-time password must be changed again.
        await admin.GotoAsync("/admin/users");
        await admin.ClickAsync("#reset-password-frida");
        var oneTime = (await admin.Locator("#one-time-password").InnerTextAsync()).Trim();
        await ScreenshotAndCheckAsync(admin, "airlock-23-admin-reset-password");
        await frida.GotoAsync("/requests");
        Assert.Contains("/signin", frida.Url);
        await frida.Context.CloseAsync();
        var again = await SignInAsFridaAsync(oneTime);
        await again.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsFridaAsync(string password)
    {
        var page = await demo.Browser.NewPageAsync(demo.Server.BaseUrl.ToString());
        await page.GotoAsync("/signin");
        await page.GetByLabel("Username").FillAsync("frida");
        await page.GetByLabel("Password").FillAsync(password);
        await page.ClickAsync("#signin-button");
        await page.WaitForURLAsync(url => url.Contains("/account/password"));
        Assert.True(await page.Locator("#must-change").IsVisibleAsync());
        return page;
    }

    private async Task<IPage> SignInAsync(string username, string? screenshot = null)
    {
        var page = await demo.Browser.NewPageAsync(demo.Server.BaseUrl.ToString());
        await page.GotoAsync("/signin");
        if (screenshot is not null) await ScreenshotAndCheckAsync(page, screenshot);
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(demo.Password(username));
        await page.ClickAsync("#signin-button");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));
        Assert.Contains(username, await page.Locator("#signed-in-as").InnerTextAsync());
        return page;
    }

    /// <summary>Fills the submit form (labels, not ids, to find the fields) and returns the new request's id.</summary>
    private static async Task<long> SubmitAsync(IPage page, string project, string description, string path)
    {
        await page.GotoAsync("/requests/new");
        await page.GetByLabel("Project").SelectOptionAsync(project);
        await page.GetByLabel("What the files are").FillAsync(description);
        await page.GetByLabel("Files", new() { Exact = true }).SetInputFilesAsync(path);
        await page.ClickAsync("#submit-button");
        await page.WaitForURLAsync(RequestUrl());
        return long.Parse(RequestUrl().Match(page.Url).Groups[1].Value);
    }

    private static async Task VoteAsync(IPage page, long fileId, string decision, string comment)
    {
        await page.GotoAsync($"/review/files/{fileId}");
        await page.CheckAsync($"#decision-{decision}");
        await page.GetByLabel("Comment", new() { Exact = true }).FillAsync(comment);
        await page.ClickAsync("#vote-button");
        await page.WaitForURLAsync(url => url.Contains("notice=voted"));
    }

    [GeneratedRegex(@"/requests/(\d+)(\?|$)")]
    private static partial Regex RequestUrl();
}
