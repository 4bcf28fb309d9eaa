using Egress.Service.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Egress.Service.Tests.BrowserFlows;

/// <summary>What every page visited in the browser tests gets: a screenshot kept as an artifact, and basic accessibility checks.</summary>
public static class PageChecks
{
    /// <summary>
    /// Saves artifacts/screenshots/NAME.png and asserts: a title, one main landmark, an h1, the document's
    /// language, every visible form control labelled, every link and button named.
    /// </summary>
    public static async Task ScreenshotAndCheckAsync(IPage page, string name)
    {
        await Browser.ScreenshotAsync(page, name);
        var problems = await page.EvaluateAsync<string[]>(@"() => {
            const problems = [];
            if (!document.title.trim()) problems.push('the page has no title');
            const mains = document.querySelectorAll('main, [role=main]').length;
            if (mains !== 1) problems.push(mains + ' main landmarks');
            if (!document.querySelector('h1')) problems.push('no h1');
            if (!document.documentElement.lang) problems.push('no lang on html');
            for (const el of document.querySelectorAll('input, select, textarea')) {
                if (el.type === 'hidden') continue;
                const labels = el.labels ? [...el.labels].filter(l => l.textContent.trim().length > 0) : [];
                if (labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
                    problems.push('unlabelled ' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? ' name=' + el.name : ''));
            }
            for (const el of document.querySelectorAll('a[href], button')) {
                if (!el.textContent.trim() && !el.getAttribute('aria-label')) problems.push('unnamed ' + el.tagName.toLowerCase() + ' ' + (el.id || el.getAttribute('href') || ''));
            }
            return problems;
        }");
        Assert.True(problems.Length == 0, $"{name} ({page.Url}): {string.Join("; ", problems)}");
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (keyboard only; at most 60 presses).</summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector)) return;
        }
        Assert.Fail($"{selector} on {page.Url} cannot be reached with the Tab key");
    }

    /// <summary>Reloads a request page until its state is no longer submitted/checking/resubmitted; returns the state shown.</summary>
    public static async Task<string> WaitForRequestVerdictAsync(IPage page, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var state = (await page.Locator("#request-state").InnerTextAsync()).Trim();
            if (state is not ("submitted" or "checking" or "resubmitted")) return state;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{page.Url} still shows '{state}'");
            await Task.Delay(300);
            await page.ReloadAsync();
        }
    }

    /// <summary>The id of the first file on a request page (its section is file-ID).</summary>
    public static async Task<long> FirstFileIdAsync(IPage page)
    {
        var id = await page.Locator("section.file").First.GetAttributeAsync("id");
        Assert.NotNull(id);
        return long.Parse(id!["file-".Length..]);
    }
}
