using Egress.Checks.Risk;
using Xunit;

namespace Egress.Tests.Risk;

/// <summary>Row-level data told apart from aggregate tables by quasi-identifiers alone, conservatively.</summary>
public class RowLevelClassifierTests
{
    private static readonly string[] AgeBands = ["40-44", "45-49", "50-54", "55-59", "60-64", "65-69"];

    private static List<IReadOnlyList<string>> Rows(IEnumerable<string[]> rows) => rows.Select(r => (IReadOnlyList<string>)r).ToList();

    private static List<IReadOnlyList<string>> People(int n) => Rows(Enumerable.Range(0, n).Select(i => new[]
    {
        i % 3 == 0 ? "Male" : "Female", AgeBands[i * 7 % 6], (i * 13 % 5) switch { 0 => "under", 1 => "normal", 2 => "over", _ => "obese" },
        (i * 31 % 97 / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }));

    [Fact]
    public void Derived_per_person_variables_with_sex_and_age_band_are_row_level()
    {
        var c = RowLevelClassifier.Classify(["sex", "age_band", "bmi_category", "score"], People(300), 10);
        Assert.True(c.IsRowLevel, c.Reason);
        Assert.Equal(2, c.QuasiIdentifiers.Count);
    }

    [Fact]
    public void A_frequency_table_is_not()
    {
        var rows = Rows(AgeBands.SelectMany(a => new[] { new[] { "Female", a, "1234" }, new[] { "Male", a, "1011" } }));
        Assert.False(RowLevelClassifier.Classify(["sex", "age_band", "n"], rows, 10).IsRowLevel);
    }

    [Fact]
    public void A_table_of_group_means_with_one_row_per_group_is_not_even_without_statistic_headers()
    {
        var rows = Rows(AgeBands.SelectMany(a => new[] { new[] { "Female", a, "27.1" }, new[] { "Male", a, "27.9" } }));
        var c = RowLevelClassifier.Classify(["sex", "age_band", "bmi"], rows, 10);
        Assert.False(c.IsRowLevel, c.Reason);
    }

    [Fact]
    public void A_long_table_of_summaries_naming_its_statistics_is_not()
    {
        var rows = Rows(new[] { "bmi", "sbp", "ldl" }.SelectMany(v => AgeBands.SelectMany(a => new[] { new[] { v, "Female", a, "27.1", "4.2" }, new[] { v, "Male", a, "27.9", "4.0" } })));
        Assert.False(RowLevelClassifier.Classify(["variable", "sex", "age_band", "mean", "sd"], rows, 10).IsRowLevel);
    }

    [Fact]
    public void A_crosstab_with_Female_and_Male_columns_is_not()
    {
        var rows = Rows(AgeBands.Select((a, i) => new[] { a, (1200 + i).ToString(), (1100 + i).ToString() }));
        Assert.False(RowLevelClassifier.Classify(["age_band", "Female", "Male"], rows, 2).IsRowLevel);
    }

    [Fact]
    public void A_table_with_one_quasi_identifier_is_not_judged_by_this_rule()
    {
        var rows = Rows(Enumerable.Range(0, 100).Select(i => new[] { i % 2 == 0 ? "Male" : "Female", (i * 0.37).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.False(RowLevelClassifier.Classify(["sex", "bmi"], rows, 10).IsRowLevel);
    }

    [Fact]
    public void Too_few_rows_are_not_judged()
    {
        Assert.False(RowLevelClassifier.Classify(["sex", "age_band", "bmi_category", "score"], People(9), 10).IsRowLevel);
        Assert.True(RowLevelClassifier.Classify(["sex", "age_band", "bmi_category", "score"], People(10), 10).IsRowLevel);
    }

    [Fact]
    public void Codes_under_generic_headers_are_row_level_when_distinctive()
    {
        var rows = Rows(Enumerable.Range(0, 100).Select(i => new[] { (1940 + i % 25).ToString(), (11001 + i % 5).ToString(), (i * 1.3).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var c = RowLevelClassifier.Classify(null, rows, 10);
        Assert.True(c.IsRowLevel, c.Reason);
        // A 0/1 flag and a 1..12 column alone are too common to call anything row-level.
        var weak = Rows(Enumerable.Range(0, 100).Select(i => new[] { (i % 2).ToString(), (1 + i % 12).ToString(), (i * 1.3).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.False(RowLevelClassifier.Classify(null, weak, 10).IsRowLevel);
    }

    [Fact]
    public void People_unique_on_many_fine_quasi_identifiers_are_row_level()
    {
        // Sex, year and month of birth, Townsend score: everyone is unique, and the rows fill a sliver of the grid.
        var rows = Rows(Enumerable.Range(0, 400).Select(i => new[]
        {
            (i % 2).ToString(), (1940 + i * 7 % 30).ToString(), (1 + i * 5 % 12).ToString(),
            (-5 + i * 0.0317).ToString("F5", System.Globalization.CultureInfo.InvariantCulture), (i * 0.77).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var c = RowLevelClassifier.Classify(["sex", "year_of_birth", "month_of_birth", "townsend", "score"], rows, 10);
        Assert.True(c.IsRowLevel, c.Reason);
    }

    [Fact]
    public void A_dense_grid_of_groups_with_a_fine_label_is_not()
    {
        // One row per year of birth and sex: unique combinations that fill their grid.
        var rows = Rows(Enumerable.Range(1937, 34).SelectMany(y => new[] { new[] { y.ToString(), "Female", "27.1" }, new[] { y.ToString(), "Male", "27.9" } }));
        var c = RowLevelClassifier.Classify(["year_of_birth", "sex", "bmi"], rows, 10);
        Assert.False(c.IsRowLevel, c.Reason);
    }

    [Fact]
    public void The_collector_measures_the_first_rows_and_counts_the_rest()
    {
        var text = new System.Text.StringBuilder("sex,age_band,bmi_category,score\n");
        foreach (var row in People(5000)) text.Append(string.Join(',', row)).Append('\n');
        text.Append("Male,40-44,normal,1.5"); // no line end at the end
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        var collector = new RowLevelCollector(10, 3000, null);
        // Fed in uneven pieces, as a scanner reads.
        for (var at = 0; at < bytes.Length; at += 7777) collector.Feed(bytes.AsSpan(at, Math.Min(7777, bytes.Length - at)));
        collector.Complete();
        Assert.True(collector.IsRowLevel);
        Assert.Equal(3000, collector.Collected.Count);
        Assert.Equal(5001, collector.TotalRows);
        Assert.Equal(["sex", "age_band"], collector.Classification!.QuasiIdentifiers.Select(q => q.Name));
    }

    private static readonly string[] Ethnicities = ["White", "Mixed", "Asian", "Black", "Other"];

    /// <summary>
    /// Group × variable → statistics, as Stata's collapse or R's pivot_longer write them: the groups repeat once per
    /// variable, so the quasi-identifiers alone repeat on every row, but with the variable label each row is one cell.
    /// </summary>
    [Theory]
    [InlineData(1, 33)]
    [InlineData(2, 5)]
    [InlineData(3, 12)]
    public void A_long_format_table_of_group_statistics_is_not(int seed, int variables)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, variables).Select(v => $"var_{(char)('a' + v % 26)}cat_{v}").ToArray();
        var rows = Rows(from a in AgeBands
                        from sex in new[] { "0", "1" }
                        from e in Ethnicities
                        from v in labels
                        select new[] { a, sex, e, v }.Concat(Enumerable.Range(0, 6).Select(_ => random.NextDouble().ToString("F5", System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        var header = new[] { "agegroup", "male", "ethnicity", "var" }.Concat(Enumerable.Range(1, 6).Select(k => $"pc{k}")).ToArray();
        var c = RowLevelClassifier.Classify(header, rows, 10);
        Assert.False(c.IsRowLevel, c.Reason);
        Assert.Contains("long-format", c.Reason);
    }

    /// <summary>The adversary's side: per-person data with a label column stays row-level, whether one row per person and visit or per person.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Per_person_rows_with_a_label_column_stay_row_level(int seed)
    {
        var random = new Random(seed);
        var visits = new[] { "baseline", "repeat", "imaging" };
        var diagnoses = new[] { "I10", "E11", "J45", "K21", "M54" };
        var people = Enumerable.Range(0, 200).Select(_ => new[] { AgeBands[random.Next(AgeBands.Length)], random.Next(2).ToString(), Ethnicities[random.Next(Ethnicities.Length)] }).ToList();
        // One row per person and visit (some people missed visits).
        var long_ = Rows(people.SelectMany(p => visits.Where(_ => random.NextDouble() < 0.8).Select(v => p.Concat([v, (random.NextDouble() * 40).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)]).ToArray())));
        var c = RowLevelClassifier.Classify(["age_band", "sex", "ethnicity", "visit", "bmi"], long_, 10);
        Assert.True(c.IsRowLevel, c.Reason);
        // One row per person with a diagnosis label.
        var wide = Rows(people.Select(p => p.Concat([diagnoses[random.Next(diagnoses.Length)], (random.NextDouble() * 40).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)]).ToArray()));
        c = RowLevelClassifier.Classify(["age_band", "sex", "ethnicity", "diagnosis", "bmi"], wide, 10);
        Assert.True(c.IsRowLevel, c.Reason);
    }
}
