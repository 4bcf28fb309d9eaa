namespace Egress.Cohort.Simulation;

/// <summary>
/// One participant's underlying (unrounded, never-missing) characteristics. Measurements are derived from
/// these so that correlations follow from shared causes, and diagnoses follow from true values even when
/// the measurement itself is later blanked as missing.
/// </summary>
public struct Traits
{
    public bool Male;
    public double Age;
    public Ancestry Ancestry;
    /// <summary>Townsend index standardised to roughly mean 0, SD 1 (higher = more deprived).</summary>
    public double DeprivationZ;
    /// <summary>Coding 90: -3, 0 never, 1 previous, 2 current.</summary>
    public int Smoking;
    public double HeightCm;
    public double Bmi;
    public double SystolicMean;
    public double DiastolicMean;
    public bool Diabetic;
    public double HbA1c;
    public bool OnStatin;
    public double Cholesterol;
    public double Ldl;
    public double Creatinine;
    public double Crp;
}
