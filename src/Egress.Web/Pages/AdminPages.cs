using System.Globalization;
using Egress.Airlock;
using Egress.Web.Api;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>An administrator's pages: users (create, activate, deactivate), projects and their members, the policy in force.</summary>
public static class AdminPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/admin/users", async (HttpContext c, AirlockService a) => await RenderUsers(c, a, null, PageEndpoints.FromQuery(c)));

        pages.MapPost("/admin/users", async (HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            if (!StrictEnumConverter<Role>.TryParseName(form["new-role"].ToString(), out var role)) throw new InvalidInputException("choose a role");
            // The initial password is the administrator's: the person replaces it at first sign-in.
            await a.CreateUserAsync(PageEndpoints.Actor(c), form["new-username"].ToString().Trim(), form["new-display-name"].ToString().Trim(), role,
                form["new-password"].ToString(), mustChangePassword: true, c.RequestAborted);
            return Results.Redirect("/admin/users?notice=user-created");
        });

        pages.MapPost("/admin/users/{id:long}/password", async (long id, HttpContext c, AirlockService a) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            var actor = PageEndpoints.Actor(c);
            var password = OneTimePasswords.New();
            await a.SetPasswordAsync(actor, id, password, mustChange: true, c.RequestAborted);
            var user = await a.GetUserAsync(actor, id, c.RequestAborted);
            return await RenderUsers(c, a, (user.Username, password),
                Notice.Ok($"The password of {user.Username} was reset; their sessions and API tokens have ended. Give them this one-time password; they choose their own at next sign-in."));
        });

        pages.MapPost("/admin/users/{id:long}/active", async (long id, HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            await a.SetUserActiveAsync(PageEndpoints.Actor(c), id, form["active"].ToString() == "true", c.RequestAborted);
            return Results.Redirect("/admin/users?notice=user-updated");
        });

        pages.MapGet("/admin/projects", async (HttpContext c, AirlockService a) =>
        {
            var actor = PageEndpoints.Actor(c);
            var projects = await a.ListProjectsAsync(actor, c.RequestAborted);
            var members = await a.ListMembershipsAsync(actor, null, c.RequestAborted);
            // Checkers may be members too: membership is what keeps them from reviewing that project's requests.
            var researchers = (await a.ListUsersAsync(actor, c.RequestAborted)).Where(u => u.Role is (Role.Researcher or Role.Checker) && u.Active).ToList();
            return PageResults.Page(c, "Projects", w =>
            {
                foreach (var p in projects)
                {
                    w.Open("section", ("class", "file"), ("id", $"project-{p.Name}"), ("aria-labelledby", $"project-{p.Name}-name"));
                    w.Element("h2", $"Project {p.Name}", ("id", $"project-{p.Name}-name"));
                    if (p.Description.Length > 0) w.Element("p", p.Description);
                    var mine = members.Where(m => m.ProjectId == p.Id).ToList();
                    if (mine.Count == 0) w.Element("p", "No members yet.");
                    else
                    {
                        w.Open("ul", ("id", $"project-{p.Name}-members"));
                        foreach (var m in mine)
                        {
                            w.Open("li").Text($"{m.Username} (since {Format.Time(m.Since)}) ");
                            w.ButtonForm(c, $"/admin/projects/{p.Name}/members/{m.UserId}/remove", "Remove", $"remove-{p.Name}-{m.Username}", "secondary");
                            w.Close();
                        }
                        w.Close();
                    }
                    var candidates = researchers.Where(u => mine.All(m => m.UserId != u.Id)).ToList();
                    if (candidates.Count > 0)
                    {
                        w.OpenForm(c, $"/admin/projects/{p.Name}/members", $"add-member-{p.Name}");
                        w.Select($"member-{p.Name}", $"Add a member to {p.Name}", candidates.Select(u => (u.Id.ToString(CultureInfo.InvariantCulture), $"{u.Username} ({PageLayout.RoleName(u.Role)}) — {u.DisplayName}")));
                        w.Element("button", "Add member", ("type", "submit"), ("id", $"add-member-{p.Name}-button"));
                        w.Close();
                    }
                    w.Close();
                }
                w.Element("h2", "Add a project");
                w.OpenForm(c, "/admin/projects", "project-form");
                w.Field("project-name", "Name", required: true, hint: "As the project is named in the cohort index (e.g. A).");
                w.Field("project-description", "Description");
                w.Element("button", "Add project", ("type", "submit"), ("id", "add-project-button"));
                w.Close();
            }, PageEndpoints.FromQuery(c));
        });

        pages.MapPost("/admin/projects", async (HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            await a.CreateProjectAsync(PageEndpoints.Actor(c), form["project-name"].ToString().Trim(), form["project-description"].ToString().Trim(), c.RequestAborted);
            return Results.Redirect("/admin/projects?notice=project-created");
        });

        pages.MapPost("/admin/projects/{project}/members", async (string project, HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            if (!long.TryParse(form[$"member-{project}"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
                throw new InvalidInputException("choose a researcher");
            await a.AddMemberAsync(PageEndpoints.Actor(c), project, userId, c.RequestAborted);
            return Results.Redirect("/admin/projects?notice=members-updated");
        });

        pages.MapPost("/admin/projects/{project}/members/{userId:long}/remove", async (string project, long userId, HttpContext c, AirlockService a) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            await a.RemoveMemberAsync(PageEndpoints.Actor(c), project, userId, c.RequestAborted);
            return Results.Redirect("/admin/projects?notice=members-updated");
        });

        pages.MapGet("/admin/policy", (HttpContext c, AirlockService a) =>
        {
            var json = a.PolicyJson(PageEndpoints.Actor(c));
            return PageResults.Page(c, "Policy in force", w =>
            {
                w.Element("p", "Every threshold Egress applies (docs/policy.md explains each key). It is set when the server starts; this page only shows it.");
                w.Element("pre", json, ("class", "policy"), ("id", "policy-json"), ("tabindex", "0"));
            });
        });
    }

    private static async Task<IResult> RenderUsers(HttpContext c, AirlockService a, (string Username, string Password)? reset, Notice? notice)
    {
        var users = await a.ListUsersAsync(PageEndpoints.Actor(c), c.RequestAborted);
        return PageResults.Page(c, "Users", w =>
        {
            if (reset is { } r)
            {
                w.Element("p", $"One-time password for {r.Username} (shown only this once):");
                w.Element("p", r.Password, ("class", "token mono"), ("id", "one-time-password"));
            }
            w.Open("table", ("id", "users-table"));
            w.Open("thead").Open("tr");
            foreach (var h in new[] { "Username", "Name", "Role", "Active", "Must change password", "" }) w.Element("th", h, ("scope", "col"));
            w.Close().Close().Open("tbody");
            foreach (var u in users)
            {
                w.Open("tr", ("id", $"user-row-{u.Username}"));
                w.Element("td", u.Username).Element("td", u.DisplayName).Element("td", PageLayout.RoleName(u.Role)).Element("td", u.Active ? "yes" : "no")
                    .Element("td", u.MustChangePassword ? "yes" : "no");
                w.Open("td");
                w.ButtonForm(c, $"/admin/users/{u.Id}/active", u.Active ? "Deactivate" : "Activate", $"toggle-user-{u.Username}",
                    u.Active ? "danger" : "secondary", ("active", u.Active ? "false" : "true"));
                w.ButtonForm(c, $"/admin/users/{u.Id}/password", "Reset password", $"reset-password-{u.Username}", "secondary");
                w.Close().Close();
            }
            w.Close().Close();
            w.Element("h2", "Add a user");
            w.OpenForm(c, "/admin/users", "user-form");
            w.Field("new-username", "Username", required: true, autocomplete: "off");
            w.Field("new-display-name", "Display name", required: true);
            w.Select("new-role", "Role", Enum.GetValues<Role>().Select(r => (r.ToString(), PageLayout.RoleName(r))));
            w.Field("new-password", "Initial password", "password", required: true, autocomplete: "new-password",
                hint: $"At least {AirlockService.MinPasswordLength} characters; the person chooses their own at first sign-in.");
            w.Element("button", "Add user", ("type", "submit"), ("id", "add-user-button"));
            w.Close();
        }, notice);
    }
}
