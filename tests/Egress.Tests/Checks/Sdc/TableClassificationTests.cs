using System.Text;
using Egress.Checks;
using Egress.Checks.Tables;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// Table understanding on outputs as R, Stata, statsmodels, broom and pandas print them: each is read
/// as the right kind of table, its columns labelled with the statistics they hold, and a model's
/// residual degrees of freedom and observations read from the output.
/// </summary>
public class TableClassificationTests
{
    private static IReadOnlyList<TableModel> Read(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var layout = LayoutSniffer.Sniff(bytes, isWholeFile: true);
        return new TableReader(new SdcPolicy()).Read(new MemorySource(bytes), layout, PartLocation.WholeFile, "output.txt", CancellationToken.None);
    }

    private static Statistic Column(TableModel table, string name) => table.Columns.Single(c => c.Name == name).Statistic;

    private const string RLinearSummary = """

        Call:
        lm(formula = sbp ~ age + sex + bmi, data = ukb)

        Residuals:
            Min      1Q  Median      3Q     Max 
        -58.212 -12.904  -1.517  11.331  96.440 

        Coefficients:
                     Estimate Std. Error t value Pr(>|t|)    
        (Intercept) 86.412097   1.507224  57.332  < 2e-16 ***
        age          0.702110   0.019881  35.316  < 2e-16 ***
        sexMale      4.190301   0.286125  14.645  < 2e-16 ***
        bmi          0.651322   0.031007  21.006  < 2e-16 ***
        ---
        Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1

        Residual standard error: 18.97 on 18210 degrees of freedom
          (1786 observations deleted due to missingness)
        Multiple R-squared:  0.1101,	Adjusted R-squared:  0.1099 
        F-statistic: 750.8 on 3 and 18210 DF,  p-value: < 2.2e-16

        """;

    [Fact]
    public void R_summary_of_lm_is_a_model_with_its_residual_degrees_of_freedom_and_no_table_of_residual_extremes()
    {
        var table = Assert.Single(Read(RLinearSummary));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Equal(18210, table.Model!.ResidualDf);
        Assert.Equal(4, table.RowCount);
        Assert.Equal(Statistic.Coefficient, Column(table, "Estimate"));
        Assert.Equal(Statistic.StandardError, Column(table, "Std. Error"));
        Assert.Equal(Statistic.TestStatistic, Column(table, "t value"));
        Assert.Equal(Statistic.PValue, Column(table, "Pr(>|t|)"));
        Assert.Equal("(Intercept)", table.Rows[0][0]);
    }

    [Fact]
    public void R_summary_of_glm_reads_the_residual_deviance_degrees_of_freedom_and_observations()
    {
        const string text = """
            Call:
            glm(formula = diabetes ~ age + bmi, family = binomial, data = dat)

            Coefficients:
                         Estimate Std. Error z value Pr(>|z|)    
            (Intercept) -9.812345   0.290110 -33.823  < 2e-16 ***
            age          0.051234   0.004120  12.436  < 2e-16 ***
            bmi          0.131200   0.005512  23.803  < 2e-16 ***
            ---
            Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1

            (Dispersion parameter for binomial family taken to be 1)

                Null deviance: 6143.2  on 19811  degrees of freedom
            Residual deviance: 5401.7  on 19809  degrees of freedom
            AIC: 5407.7

            Number of Fisher Scoring iterations: 6
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Equal(19809, table.Model!.ResidualDf);
        Assert.Equal(19812, table.Model.Observations);
        Assert.Equal(Statistic.TestStatistic, Column(table, "z value"));
    }

    [Fact]
    public void Broom_tidy_output_is_a_model_table()
    {
        const string text = """
            term,estimate,std.error,statistic,p.value,conf.low,conf.high
            (Intercept),86.41209712,1.507224018,57.33199,0,83.45785,89.36634
            age,0.70211,0.01988,35.3163,1.2e-264,0.66314,0.74108
            sexMale,4.190301,0.286125,14.645,3.1e-48,3.629473,4.751129
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Null(table.Model);
        Assert.Equal(1, table.LabelColumns);
        Assert.Equal([Statistic.Label, Statistic.Coefficient, Statistic.StandardError, Statistic.TestStatistic, Statistic.PValue,
            Statistic.ConfidenceLimit, Statistic.ConfidenceLimit], table.Columns.Select(c => c.Statistic));
    }

    [Fact]
    public void Stata_regress_output_gives_the_residual_degrees_of_freedom_and_observations()
    {
        const string text = """
            . regress sbp age i.sex bmi

                  Source |       SS           df       MS      Number of obs   =    18,214
            -------------+----------------------------------   F(3, 18210)     =    750.80
                   Model |  810345.12         3  270115.04   Prob > F        =    0.0000
                Residual |  6553121.9    18,210  359.86941   R-squared       =    0.1101
            -------------+----------------------------------   Adj R-squared   =    0.1099
                   Total |  7363467.0    18,213  404.29622   Root MSE        =    18.970

            ------------------------------------------------------------------------------
                     sbp | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
            -------------+----------------------------------------------------------------
                     age |    .702110    .019881   35.32   0.000      .663141     .741079
                         |
                     sex |
                   Male  |   4.190301    .286125   14.65   0.000     3.629473    4.751129
                         |
                     bmi |    .651322    .031007   21.01   0.000      .590545     .712099
                   _cons |   86.41210   1.507224   57.33   0.000     83.45785    89.36634
            ------------------------------------------------------------------------------
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Equal(18210, table.Model!.ResidualDf);
        Assert.Equal(18214, table.Model.Observations);
        Assert.Equal(Statistic.Coefficient, Column(table, "Coefficient"));
        Assert.Equal(Statistic.PValue, Column(table, "P>|t|"));
    }

    [Fact]
    public void Stata_logistic_output_works_out_the_degrees_of_freedom_from_observations_and_parameters()
    {
        const string text = """
            . logistic diabetes age bmi

            Logistic regression                                     Number of obs =   19,812
                                                                    LR chi2(2)    =   741.50
                                                                    Prob > chi2   =   0.0000
            Log likelihood = -2700.8512                             Pseudo R2     =   0.1207

            ------------------------------------------------------------------------------
                diabetes | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]
            -------------+----------------------------------------------------------------
                     age |   1.052569   .0043366   12.44   0.000     1.044104    1.061104
                     bmi |   1.140181   .0062847   23.80   0.000     1.127929    1.152566
                   _cons |   .0000548   .0000159  -33.82   0.000      .000031    .0000968
            ------------------------------------------------------------------------------
            Note: _cons estimates baseline odds.
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Equal(19812, table.Model!.Observations);
        Assert.Equal(3, table.Model.Parameters);
        Assert.Equal(19809, table.Model.ResidualDf);
    }

    [Fact]
    public void Statsmodels_summary_gives_df_residuals_and_observations()
    {
        const string text = """
                                        OLS Regression Results                            
            ==============================================================================
            Dep. Variable:                    sbp   R-squared:                       0.110
            Model:                            OLS   Adj. R-squared:                  0.110
            Method:                 Least Squares   F-statistic:                     750.8
            Date:                Mon, 03 Jan 2022   Prob (F-statistic):           0.00e+00
            Time:                        10:12:01   Log-Likelihood:                -79340.
            No. Observations:               18214   AIC:                         1.587e+05
            Df Residuals:                   18210   BIC:                         1.587e+05
            Df Model:                           3                                         
            Covariance Type:            nonrobust                                         
            ==================================================================================
                                 coef    std err          t      P>|t|      [0.025      0.975]
            ----------------------------------------------------------------------------------
            Intercept          86.4121      1.507     57.332      0.000      83.458      89.366
            C(sex)[T.Male]      4.1903      0.286     14.645      0.000       3.629       4.751
            age                 0.7021      0.020     35.316      0.000       0.663       0.741
            ==================================================================================
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Model, table.Kind);
        Assert.Equal(18210, table.Model!.ResidualDf);
        Assert.Equal(18214, table.Model.Observations);
        Assert.Equal(Statistic.ConfidenceLimit, Column(table, "[0.025"));
    }

    [Fact]
    public void R_survfit_summary_is_a_survival_table_per_group()
    {
        const string text = """
            Call: survfit(formula = Surv(time, status) ~ sex, data = dat)

                            sex=Female 
             time n.risk n.event survival std.err lower 95% CI upper 95% CI
                1  10409     112    0.989 0.00100        0.987        0.991
                2  10187     184    0.972 0.00161        0.969        0.975
                3   9960     196    0.953 0.00206        0.949        0.957

                            sex=Male 
             time n.risk n.event survival std.err lower 95% CI upper 95% CI
                1   9231     140    0.985 0.00126        0.982        0.987
                2   9002     201    0.963 0.00197        0.959        0.967
                3   8744     233    0.937 0.00254        0.932        0.942
            """;
        var tables = Read(text);
        Assert.Equal(2, tables.Count);
        Assert.All(tables, t => Assert.Equal(TableKind.Survival, t.Kind));
        var first = tables[0];
        Assert.Equal(Statistic.Time, Column(first, "time"));
        Assert.Equal(Statistic.AtRisk, Column(first, "n.risk"));
        Assert.Equal(Statistic.Events, Column(first, "n.event"));
        Assert.Equal(Statistic.Survival, Column(first, "survival"));
        Assert.Equal(Statistic.ConfidenceLimit, Column(first, "lower 95% CI"));
    }

    [Fact]
    public void Stata_tabulate_is_a_frequency_table_with_a_total_row()
    {
        const string text = """
            . tabulate smoking

                 smoking |      Freq.     Percent        Cum.
            -------------+-----------------------------------
                   Never |     10,563       52.82       52.82
                Previous |      6,722       33.61       86.43
                 Current |      2,068       10.34       96.77
             Prefer not  |        647        3.24      100.00
            -------------+-----------------------------------
                   Total |     20,000      100.00
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Frequency, table.Kind);
        Assert.Equal(Statistic.Count, Column(table, "Freq."));
        Assert.Equal(Statistic.Percentage, Column(table, "Percent"));
        Assert.Equal("Total", table.RowLabel(table.RowCount - 1));
    }

    [Fact]
    public void Stata_tabstat_is_summary_statistics_with_group_sizes()
    {
        const string text = """
            . tabstat sbp, by(sex) statistics(n mean sd p50 p25 p75)

            Summary for variables: sbp
                 by categories of: sex 

                 sex |         N      Mean        SD       p50       p25       p75
            ---------+------------------------------------------------------------
              Female |     10391  134.1289  19.01311       133       120       147
                Male |      8823  140.2101  17.90046       139       127       152
            ---------+------------------------------------------------------------
               Total |     19214  136.9213  18.77823       136       123       149
            ----------------------------------------------------------------------
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.SummaryStatistics, table.Kind);
        Assert.Equal([Statistic.Label, Statistic.Count, Statistic.Mean, Statistic.StandardDeviation, Statistic.Median, Statistic.Percentile, Statistic.Percentile],
            table.Columns.Select(c => c.Statistic));
    }

    [Fact]
    public void R_two_way_table_print_with_codes_over_its_columns_is_a_cross_tabulation()
    {
        const string text = """
                            sus eth
            primary care eth       0       1       2       3
                        1    4932627 7282611   46272   20381
                        2     105976   29559   26792   10290
                        3     587952   23136   12195  506022
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Frequency, table.Kind);
        Assert.Equal(3, table.RowCount);
        Assert.Equal(4, table.Columns.Count(c => c.Statistic == Statistic.Count));
    }

    [Fact]
    public void R_summary_of_a_vector_is_summary_statistics_with_its_minimum_and_maximum()
    {
        const string text = """
            > summary(ukb$bmi)
               Min. 1st Qu.  Median    Mean 3rd Qu.    Max.    NA's 
              15.62   24.13   26.72   27.43   29.93   61.97     188 
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.SummaryStatistics, table.Kind);
        Assert.Equal(Statistic.Minimum, Column(table, "Min."));
        Assert.Equal(Statistic.Percentile, Column(table, "1st Qu."));
        Assert.Equal(Statistic.Maximum, Column(table, "Max."));
    }

    [Fact]
    public void Pandas_describe_is_summary_statistics_by_its_row_labels()
    {
        const string text = """
            ,bmi,sbp,ldl
            count,19812.0,19214.0,18544.0
            mean,27.43,136.92,3.56
            std,4.80,18.78,0.87
            min,15.62,81.0,0.91
            25%,24.13,123.0,2.95
            50%,26.72,136.0,3.52
            75%,29.93,149.0,4.12
            max,61.97,231.0,9.41
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.SummaryStatistics, table.Kind);
        Assert.Equal([Statistic.Count, Statistic.Mean, Statistic.StandardDeviation, Statistic.Minimum, Statistic.Percentile, Statistic.Median,
            Statistic.Percentile, Statistic.Maximum], table.RowStatistics);
    }

    [Fact]
    public void A_magnitude_table_has_sums_with_their_counts()
    {
        const string text = """
            region,n,total_cost_gbp,mean_cost_gbp
            North,1203,1450320.50,1205.59
            South,998,1301230.00,1303.84
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Magnitude, table.Kind);
        Assert.Equal(Statistic.Mean, Column(table, "mean_cost_gbp"));
    }

    [Fact]
    public void A_correlation_matrix_is_a_correlation_table_whatever_its_column_names()
    {
        const string text = """
            ,Platelet count,White blood cell count,LDL cholesterol
            Platelet count,1,0.2079,0.0555
            White blood cell count,0.2079,1,0.0400
            LDL cholesterol,0.0555,0.0400,1
            """;
        var table = Assert.Single(Read(text));
        Assert.Equal(TableKind.Correlation, table.Kind);
        Assert.All(table.Columns.Skip(table.LabelColumns), c => Assert.Equal(Statistic.Correlation, c.Statistic));
    }

    [Fact]
    public void People_rows_with_an_identifier_or_repeating_attributes_are_row_level()
    {
        var withIds = new StringBuilder("eid,sex,year_of_birth,bmi\n");
        var plain = new StringBuilder("sex,smoking,age,bmi\n");
        for (var i = 0; i < 40; i++)
        {
            withIds.Append($"{1000001 + i * 7},{(i % 2 == 0 ? "Female" : "Male")},{1940 + i % 25},{22 + i % 13}.{i % 10}\n");
            plain.Append($"{(i % 2 == 0 ? "Female" : "Male")},{(i % 3 == 0 ? "Never" : "Current")},{40 + i % 30},{22 + i % 13}.{i % 10}\n");
        }
        Assert.Equal(TableKind.RowLevel, Assert.Single(Read(withIds.ToString())).Kind);
        Assert.Equal(TableKind.RowLevel, Assert.Single(Read(plain.ToString())).Kind);
    }

    [Fact]
    public void Prose_and_code_are_not_tables()
    {
        const string text = """
            Loaded 12 files from the 3 folders given on the command line.
            Dropped 4 rows with missing values and 2 duplicates before the analysis.

            hospital <- data %>% filter(test == 1 & admission == 1)
            count(hospital, 2)
            """;
        Assert.Empty(Read(text));
    }

    [Fact]
    public void Worksheet_cells_are_located_a1_style()
    {
        var part = new TablePart("book.xlsx#Results", null, new List<IReadOnlyList<string>>
        {
            new[] { "Table 2: participants by sex" },
            Array.Empty<string>(),
            new[] { "sex", "n", "percent" },
            new[] { "Female", "10769", "53.8" },
            new[] { "Male", "9231", "46.2" },
        }) { FirstRowNumber = 3, SpreadsheetCells = true };
        var table = Assert.Single(new TableReader(new SdcPolicy()).Read(part, new PartLocation("book.xlsx#Results", 3), "book.xlsx#Results", CancellationToken.None));
        Assert.Equal(TableKind.Frequency, table.Kind);
        Assert.Equal(["sex", "n", "percent"], table.Header);
        Assert.Equal("book.xlsx#Results!B6", table.Locate(0, 1));
        Assert.Equal("book.xlsx#Results!C7", table.Locate(1, 2));
    }

    [Fact]
    public void Parts_larger_than_an_aggregate_output_are_not_read_again()
    {
        var reader = new TableReader(new SdcPolicy { MaxAggregateRows = 100 });
        var text = new StringBuilder("group,n\n");
        for (var i = 0; i < 150; i++) text.Append($"g{i},{i + 10}\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.Empty(reader.Read(new MemorySource(bytes), LayoutSniffer.Sniff(bytes, true), PartLocation.WholeFile, "big.csv", CancellationToken.None));
        Assert.False(new TableReader(new SdcPolicy()).Qualifies(9L * 1024 * 1024));
    }
}
