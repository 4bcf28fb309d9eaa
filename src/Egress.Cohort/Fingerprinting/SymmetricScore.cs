namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// Škorić et al.'s symmetric accusation score for one position: a project gains √((1−p)/p) when its bit
/// is 1 and the leak's is 1, and √(p/(1−p)) when both are 0; it loses the other root when they differ.
/// For an innocent project (bit ~ Bernoulli(p), independent of the leak) the term has mean 0 and variance 1.
/// </summary>
public static class SymmetricScore
{
    public static double Term(bool leaked, bool project, double bias)
    {
        var ratio = Math.Sqrt((1 - bias) / bias);
        return (leaked, project) switch
        {
            (true, true) => ratio,
            (true, false) => -1 / ratio,
            (false, false) => 1 / ratio,
            (false, true) => -ratio,
        };
    }
}
