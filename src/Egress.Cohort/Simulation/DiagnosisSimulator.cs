namespace Egress.Cohort.Simulation;

/// <summary>
/// Assigns hospital ICD-10 diagnoses (field 41270) from a participant's traits: diabetes codes follow
/// HbA1c, I10 follows blood pressure, E780/I251 follow lipids and statin use, sex-specific cancers
/// follow sex, and so on. Most people get none or a few, so the array is sparse.
/// </summary>
public static class DiagnosisSimulator
{
    static DiagnosisSimulator()
    {
        // Chosen codes live in one 64-bit set.
        if (Icd10Codes.All.Count > 64) throw new InvalidOperationException("At most 64 ICD-10 codes are supported.");
    }

    private static readonly int c509 = Icd10Codes.IndexOf("C509"), c61 = Icd10Codes.IndexOf("C61"),
        d126 = Icd10Codes.IndexOf("D126"), e039 = Icd10Codes.IndexOf("E039"), e119 = Icd10Codes.IndexOf("E119"),
        e669 = Icd10Codes.IndexOf("E669"), e780 = Icd10Codes.IndexOf("E780"), e785 = Icd10Codes.IndexOf("E785"),
        f329 = Icd10Codes.IndexOf("F329"), g473 = Icd10Codes.IndexOf("G473"), h251 = Icd10Codes.IndexOf("H251"),
        i10 = Icd10Codes.IndexOf("I10"), i251 = Icd10Codes.IndexOf("I251"), i489 = Icd10Codes.IndexOf("I489"),
        i839 = Icd10Codes.IndexOf("I839"), j449 = Icd10Codes.IndexOf("J449"), j459 = Icd10Codes.IndexOf("J459"),
        k219 = Icd10Codes.IndexOf("K219"), k573 = Icd10Codes.IndexOf("K573"), k635 = Icd10Codes.IndexOf("K635"),
        k802 = Icd10Codes.IndexOf("K802"), m179 = Icd10Codes.IndexOf("M179"), m545 = Icd10Codes.IndexOf("M545"),
        n183 = Icd10Codes.IndexOf("N183"), n390 = Icd10Codes.IndexOf("N390"), n40 = Icd10Codes.IndexOf("N40"),
        r074 = Icd10Codes.IndexOf("R074");

    private static readonly int[] diabetesComplications =
        new[] { "E112", "E113", "E114", "E116", "E117", "E118" }.Select(Icd10Codes.IndexOf).ToArray();

    /// <summary>Fills <paramref name="codes"/> from index 0 with distinct code indices in code order; returns how many.</summary>
    public static int Assign(in Traits t, ref Xoshiro256StarStar rng, Span<int> codes)
    {
        // Chosen codes are marked in a bit set, which both de-duplicates and yields code order.
        ulong chosen = 0;
        double ageRisk = Math.Clamp((t.Age - 40) / 30, 0, 1); // 0 at 40, 1 at 70
        bool female = !t.Male;

        // Diabetes: diagnosed diabetics mostly carry E119, more so the worse their control.
        if (t.Diabetic)
        {
            if (rng.Chance(0.35 + 0.5 * Sigmoid((t.HbA1c - 50) / 6))) chosen |= Bit(e119);
            if (rng.Chance(0.25)) chosen |= Bit(diabetesComplications[rng.NextInt(diabetesComplications.Length)]);
        }
        else if (rng.Chance(t.HbA1c >= 42 ? 0.04 : 0.003))
            chosen |= Bit(e119);

        Consider(ref chosen, ref rng, i10, 0.03 + 0.55 * Sigmoid((t.SystolicMean - 155) / 10) + 0.08 * ageRisk);
        Consider(ref chosen, ref rng, e780, 0.02 + (t.OnStatin ? 0.35 : 0) + (t.Ldl > 4.9 ? 0.05 : 0));
        Consider(ref chosen, ref rng, e785, 0.01 + (t.OnStatin ? 0.05 : 0));
        Consider(ref chosen, ref rng, i251, 0.01 + (t.Male ? 0.02 : 0) + (t.OnStatin ? 0.18 * ageRisk + 0.04 : 0));
        Consider(ref chosen, ref rng, i489, 0.005 + 0.04 * ageRisk + (t.Male ? 0.01 : 0));
        Consider(ref chosen, ref rng, e669, t.Bmi >= 35 ? 0.25 : t.Bmi >= 30 ? 0.08 : 0.004);
        Consider(ref chosen, ref rng, g473, 0.005 + (t.Bmi >= 35 ? 0.07 : t.Bmi >= 30 ? 0.02 : 0) + (t.Male ? 0.006 : 0));
        Consider(ref chosen, ref rng, m179, 0.015 + 0.03 * ageRisk + Math.Max(0, t.Bmi - 27) * 0.004);
        Consider(ref chosen, ref rng, j449, 0.004 + (t.Smoking == 2 ? 0.05 : t.Smoking == 1 ? 0.02 : 0) * (0.5 + ageRisk));
        Consider(ref chosen, ref rng, j459, 0.045);
        Consider(ref chosen, ref rng, n183, 0.004 + (t.Creatinine > 130 ? 0.5 : t.Creatinine > 105 ? 0.12 : 0));
        Consider(ref chosen, ref rng, e039, female ? 0.05 : 0.012);
        Consider(ref chosen, ref rng, f329, female ? 0.045 : 0.025);
        Consider(ref chosen, ref rng, k802, female ? 0.04 : 0.02);
        Consider(ref chosen, ref rng, n390, female ? 0.04 : 0.015);
        Consider(ref chosen, ref rng, c509, female ? 0.01 + 0.03 * ageRisk : 0);
        Consider(ref chosen, ref rng, c61, t.Male ? 0.005 + 0.035 * ageRisk : 0);
        Consider(ref chosen, ref rng, n40, t.Male ? 0.01 + 0.08 * ageRisk : 0);
        Consider(ref chosen, ref rng, k573, 0.02 + 0.06 * ageRisk);
        Consider(ref chosen, ref rng, k219, 0.05 + (t.Bmi > 30 ? 0.02 : 0));
        Consider(ref chosen, ref rng, k635, 0.015 + 0.02 * ageRisk);
        Consider(ref chosen, ref rng, d126, 0.01 + 0.02 * ageRisk);
        Consider(ref chosen, ref rng, h251, 0.01 + 0.05 * ageRisk);
        Consider(ref chosen, ref rng, i839, female ? 0.025 : 0.012);
        Consider(ref chosen, ref rng, m545, 0.025);
        Consider(ref chosen, ref rng, r074, 0.03 + (t.OnStatin ? 0.02 : 0));

        int count = 0;
        while (chosen != 0 && count < codes.Length)
        {
            int code = System.Numerics.BitOperations.TrailingZeroCount(chosen);
            codes[count++] = code;
            chosen &= chosen - 1;
        }
        return count;
    }

    private static void Consider(ref ulong chosen, ref Xoshiro256StarStar rng, int code, double probability)
    {
        if (rng.Chance(probability)) chosen |= Bit(code);
    }

    private static ulong Bit(int code) => 1UL << code;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
