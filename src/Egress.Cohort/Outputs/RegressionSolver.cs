using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>An ordinary least squares fit.</summary>
public sealed record LinearFit(double[] Coefficients, double[] StandardErrors, double ResidualSumOfSquares,
    double TotalSumOfSquares, int N, int P, double[] Residuals)
{
    public int ResidualDf => N - P;
    public double Sigma => Math.Sqrt(ResidualSumOfSquares / ResidualDf);
    public double RSquared => 1 - ResidualSumOfSquares / TotalSumOfSquares;
    public double AdjustedRSquared => 1 - (1 - RSquared) * (N - 1) / ResidualDf;
    public double FStatistic => (TotalSumOfSquares - ResidualSumOfSquares) / (P - 1) / (ResidualSumOfSquares / ResidualDf);
    public double FPValue => StatisticalDistributions.FUpperTail(FStatistic, P - 1, ResidualDf);
    public double T(int k) => Coefficients[k] / StandardErrors[k];
    public double PValue(int k) => StatisticalDistributions.StudentTTwoSidedP(T(k), ResidualDf);
    public double LogLikelihood => -N / 2.0 * (Math.Log(2 * Math.PI) + Math.Log(ResidualSumOfSquares / N) + 1);
}

/// <summary>A logistic regression fit by iteratively reweighted least squares.</summary>
public sealed record LogisticFit(double[] Coefficients, double[] StandardErrors, double Deviance, double NullDeviance,
    int N, int P, int Iterations)
{
    public double Z(int k) => Coefficients[k] / StandardErrors[k];
    public double PValue(int k) => StatisticalDistributions.NormalTwoSidedP(Z(k));
    public double LogLikelihood => -Deviance / 2;
    public double NullLogLikelihood => -NullDeviance / 2;
    public double Aic => Deviance + 2 * P;
    public double LikelihoodRatioChiSquared => NullDeviance - Deviance;
    public double McFaddenR2 => 1 - LogLikelihood / NullLogLikelihood;
}

/// <summary>
/// Least squares and logistic regression on a dense design matrix (row-major, n × p, intercept column included),
/// through the normal equations and a Cholesky factorisation: the handful of covariates in a paper's model keeps
/// p small, so this is exact enough and fast.
/// </summary>
public static class RegressionSolver
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinearFit? FitLinear(double[] x, double[] y, int p)
    {
        int n = y.Length;
        if (n <= p) return null;
        var xtx = new double[p * p];
        var xty = new double[p];
        for (int i = 0; i < n; i++)
        {
            int row = i * p;
            for (int a = 0; a < p; a++)
            {
                double xa = x[row + a];
                xty[a] += xa * y[i];
                for (int b = 0; b <= a; b++) xtx[a * p + b] += xa * x[row + b];
            }
        }
        var inverse = InvertSymmetric(xtx, p);
        if (inverse is null) return null;
        var beta = Multiply(inverse, xty, p);

        var residuals = new double[n];
        double rss = 0, mean = y.Average(), tss = 0;
        for (int i = 0; i < n; i++)
        {
            double fitted = 0;
            for (int a = 0; a < p; a++) fitted += x[i * p + a] * beta[a];
            residuals[i] = y[i] - fitted;
            rss += residuals[i] * residuals[i];
            tss += (y[i] - mean) * (y[i] - mean);
        }
        double sigma2 = rss / (n - p);
        var se = Enumerable.Range(0, p).Select(a => Math.Sqrt(inverse[a * p + a] * sigma2)).ToArray();
        return new LinearFit(beta, se, rss, tss, n, p, residuals);
    }

    /// <summary>Null when the fit does not converge (e.g. complete separation) or the information matrix is singular.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogisticFit? FitLogistic(double[] x, double[] y, int p, int maxIterations = 30)
    {
        int n = y.Length;
        if (n <= p) return null;
        double ybar = y.Average();
        if (ybar <= 0 || ybar >= 1) return null;
        var beta = new double[p];
        beta[0] = Math.Log(ybar / (1 - ybar)); // start at the intercept-only model
        double deviance = double.MaxValue;
        double[]? inverse = null;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            var xtwx = new double[p * p];
            var xtwz = new double[p];
            for (int i = 0; i < n; i++)
            {
                int row = i * p;
                double eta = 0;
                for (int a = 0; a < p; a++) eta += x[row + a] * beta[a];
                double mu = 1 / (1 + Math.Exp(-eta));
                double w = Math.Max(mu * (1 - mu), 1e-10);
                double z = eta + (y[i] - mu) / w;
                for (int a = 0; a < p; a++)
                {
                    double wxa = w * x[row + a];
                    xtwz[a] += wxa * z;
                    for (int b = 0; b <= a; b++) xtwx[a * p + b] += wxa * x[row + b];
                }
            }
            inverse = InvertSymmetric(xtwx, p);
            if (inverse is null) return null;
            beta = Multiply(inverse, xtwz, p);
            double newDeviance = Deviance(x, y, p, beta);
            if (double.IsNaN(newDeviance) || beta.Any(b => Math.Abs(b) > 50)) return null;
            if (Math.Abs(newDeviance - deviance) < 1e-9 * (Math.Abs(newDeviance) + 0.1))
            {
                // Standard errors from the information at the converged estimate.
                var final = Information(x, y.Length, p, beta);
                var cov = InvertSymmetric(final, p);
                if (cov is null) return null;
                var se = Enumerable.Range(0, p).Select(a => Math.Sqrt(cov[a * p + a])).ToArray();
                double nullDeviance = -2 * n * (ybar * Math.Log(ybar) + (1 - ybar) * Math.Log(1 - ybar));
                return new LogisticFit(beta, se, newDeviance, nullDeviance, n, p, iteration);
            }
            deviance = newDeviance;
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Deviance(double[] x, double[] y, int p, double[] beta)
    {
        double deviance = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double eta = 0;
            for (int a = 0; a < p; a++) eta += x[i * p + a] * beta[a];
            // log(1 + e^eta) computed stably for large |eta|
            double log1pExp = eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta));
            deviance += 2 * (log1pExp - y[i] * eta);
        }
        return deviance;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Information(double[] x, int n, int p, double[] beta)
    {
        var info = new double[p * p];
        for (int i = 0; i < n; i++)
        {
            int row = i * p;
            double eta = 0;
            for (int a = 0; a < p; a++) eta += x[row + a] * beta[a];
            double mu = 1 / (1 + Math.Exp(-eta));
            double w = mu * (1 - mu);
            for (int a = 0; a < p; a++)
                for (int b = 0; b <= a; b++) info[a * p + b] += w * x[row + a] * x[row + b];
        }
        return info;
    }

    private static double[] Multiply(double[] matrix, double[] vector, int p)
    {
        var result = new double[p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) result[a] += matrix[a * p + b] * vector[b];
        return result;
    }

    /// <summary>
    /// Inverse of a symmetric positive definite matrix given by its lower triangle (row-major), via Cholesky:
    /// A = L Lᵀ, A⁻¹ = L⁻ᵀ L⁻¹. Null when the matrix is not positive definite (collinear design).
    /// </summary>
    public static double[]? InvertSymmetric(double[] lower, int p)
    {
        var l = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = lower[i * p + j];
                for (int k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
                if (i == j)
                {
                    if (sum <= 1e-12 * Math.Abs(lower[i * p + i]) || sum <= 0) return null;
                    l[i * p + i] = Math.Sqrt(sum);
                }
                else l[i * p + j] = sum / l[j * p + j];
            }
        }
        // L⁻¹, lower triangular
        var li = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            li[i * p + i] = 1 / l[i * p + i];
            for (int j = 0; j < i; j++)
            {
                double sum = 0;
                for (int k = j; k < i; k++) sum -= l[i * p + k] * li[k * p + j];
                li[i * p + j] = sum / l[i * p + i];
            }
        }
        var inverse = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = i; k < p; k++) sum += li[k * p + i] * li[k * p + j];
                inverse[i * p + j] = inverse[j * p + i] = sum;
            }
        return inverse;
    }
}
