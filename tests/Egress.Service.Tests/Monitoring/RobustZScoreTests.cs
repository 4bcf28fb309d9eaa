using Egress.Airlock.Monitoring;
using Xunit;

namespace Egress.Service.Tests.Monitoring;

/// <summary>The anomaly method on its own: median, MAD, the 1.4826 scale, the floor, and metric floors.</summary>
public sealed class RobustZScoreTests
{
    [Fact]
    public void Median_of_odd_and_even_counts_and_of_nothing()
    {
        Assert.Equal(3, RobustZScore.Median([5, 1, 3]));
        Assert.Equal(2.5, RobustZScore.Median([4, 1, 3, 2]));
        Assert.Equal(0, RobustZScore.Median([]));
    }

    [Fact]
    public void The_score_is_the_distance_from_the_median_in_scaled_mads()
    {
        // Baseline 1..9: median 5, absolute deviations 4,3,2,1,0,1,2,3,4 → MAD 2, scale 2.9652.
        double[] baseline = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var (z, median, mad) = RobustZScore.Score(11, baseline, floor: 1);
        Assert.Equal(5, median);
        Assert.Equal(2, mad);
        Assert.Equal(6 / (2 * RobustZScore.MadScale), z, 9);
    }

    [Fact]
    public void One_wild_day_in_the_baseline_does_not_hide_the_next()
    {
        double[] baseline = [2, 3, 2, 3, 2, 3, 2, 3, 2, 400];
        var (z, median, _) = RobustZScore.Score(40, baseline, floor: 1);
        Assert.Equal(2.5, median);
        Assert.True(z > 20, $"z {z}");
    }

    [Fact]
    public void A_flat_baseline_uses_the_floor_instead_of_dividing_by_zero()
    {
        double[] flat = Enumerable.Repeat(0.0, 30).ToArray();
        var (z, _, mad) = RobustZScore.Score(4, flat, floor: 1);
        Assert.Equal(0, mad);
        Assert.Equal(4, z);
        Assert.Equal(0, RobustZScore.Score(0, flat, floor: 1).Z);
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustZScore.Score(1, flat, floor: 0));
    }

    [Fact]
    public void A_day_below_the_baseline_scores_negative()
    {
        Assert.True(RobustZScore.Score(0, [10, 11, 12, 10, 11], floor: 1).Z < 0);
    }

    [Fact]
    public void Quantiles_interpolate_between_sorted_values()
    {
        Assert.Equal(9.1, RobustZScore.Quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
        Assert.Equal(3, RobustZScore.Quantile([3], 0.9));
        Assert.Equal(0, RobustZScore.Quantile([], 0.5));
    }

    [Fact]
    public void Metric_floors_are_one_file_five_participants_64_KiB_or_a_tenth_of_the_median()
    {
        double[] zeros = new double[30];
        Assert.Equal(1, ActivityMetric.Files.Floor(zeros));
        Assert.Equal(1, ActivityMetric.OffHours.Floor([3, 3, 3]));
        Assert.Equal(5, ActivityMetric.ExposureGrowth.Floor(zeros));
        Assert.Equal(64 * 1024, ActivityMetric.Bytes.Floor([1000, 1000, 1000]));
        Assert.Equal(4, ActivityMetric.Files.Floor([40, 40, 40]));
        Assert.Equal(1_000_000, ActivityMetric.Bytes.Floor([10_000_000, 10_000_000]));
    }

    [Fact]
    public void Files_and_bytes_allow_for_the_projects_own_busy_days_and_the_rest_do_not()
    {
        // A project that is idle most days and busy now and then: 20 empty days, 10 days of 4 files.
        double[] bursty = [.. new double[20], .. Enumerable.Repeat(4.0, 10)];
        Assert.Equal(4 / 1.2816, ActivityMetric.Files.Floor(bursty), 9);
        Assert.Equal(1, ActivityMetric.Blocked.Floor(bursty));
    }
}
