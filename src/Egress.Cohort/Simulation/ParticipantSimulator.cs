using F = Egress.Cohort.FieldCatalogue;

namespace Egress.Cohort.Simulation;

/// <summary>
/// Simulates participants into a <see cref="ParticipantTable"/>. Participants are generated in fixed-size
/// chunks, each with its own generator seeded from (seed, chunk index), so the table is identical whatever
/// the number of threads, and participant p's values do not depend on the cohort size.
/// Distributions follow published UK Biobank summaries (units as in the showcase).
/// </summary>
public static class ParticipantSimulator
{
    /// <summary>Participants per generator stream. Part of the output contract: changing it changes every cohort.</summary>
    public const int ChunkSize = 4096;

    public static ParticipantTable Simulate(ulong seed, int participants)
    {
        var table = new ParticipantTable(participants);
        int chunks = (participants + ChunkSize - 1) / ChunkSize;
        if (chunks <= 1)
            for (int c = 0; c < chunks; c++) SimulateChunk(table, seed, c);
        else
            Parallel.For(0, chunks, c => SimulateChunk(table, seed, c));
        return table;
    }

    public static void SimulateChunk(ParticipantTable table, ulong seed, int chunk)
    {
        var rng = Xoshiro256StarStar.ForStream(seed, RandomStreams.Participants, (ulong)chunk);
        int end = Math.Min(table.Count, (chunk + 1) * ChunkSize);
        for (int p = chunk * ChunkSize; p < end; p++)
            SimulateParticipant(table, p, ref rng);
    }

    private static void SimulateParticipant(ParticipantTable table, int p, ref Xoshiro256StarStar rng)
    {
        var t = new Traits();
        Demographics(table, p, ref rng, ref t);
        Lifestyle(table, p, ref rng, ref t, out int alcohol);
        BodySize(table, p, ref rng, ref t);
        BloodPressure(table, p, ref rng, ref t);
        Glycaemia(table, p, ref rng, ref t);
        Lipids(table, p, ref rng, ref t, alcohol);
        OtherBloodMarkers(table, p, ref rng, ref t, alcohol);
        GeneticPcs(table, p, ref rng, t.Ancestry);
        Diagnoses(table, p, ref rng, in t);
        Missingness(table, p, ref rng);
    }

    private static void Demographics(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t)
    {
        t.Male = rng.Chance(0.456);
        var centre = UkbCodings.CentreChoice.Next(ref rng);

        // Centres saw people Monday to Saturday within their own recruitment window.
        DateOnly visit;
        do visit = DateOnly.FromDayNumber(centre.Opened.DayNumber + rng.NextInt(centre.Closed.DayNumber - centre.Opened.DayNumber + 1));
        while (visit.DayOfWeek == DayOfWeek.Sunday);

        // Ages 40–69, weighted towards the 60s as in the real cohort; the day of birth stays private.
        DateOnly birth;
        double age;
        do
        {
            double u = rng.Chance(0.5) ? rng.NextDouble() : Math.Max(rng.NextDouble(), rng.NextDouble());
            age = 40 + 30 * u;
            birth = DateOnly.FromDayNumber(visit.DayNumber - (int)Math.Round(age * 365.2425));
        }
        while (birth.Year < UkbCodings.FirstBirthYear || birth.Year > UkbCodings.LastBirthYear);
        bool birthdayAhead = visit.Month < birth.Month || (visit.Month == birth.Month && visit.Day < birth.Day);
        int completedYears = visit.Year - birth.Year - (birthdayAhead ? 1 : 0);
        t.Age = age;

        int ethnicity = (centre.Diverse ? UkbCodings.EthnicityDiverse : UkbCodings.EthnicityTypical).Next(ref rng);
        t.Ancestry = UkbCodings.AncestryOf(ethnicity);

        // Townsend: right-skewed, bounded like the real index, more deprived in inner-city centres.
        double townsend;
        do townsend = -6.3 + rng.LogNormal(4.6, 2.9) + centre.TownsendShift + (t.Ancestry == Ancestry.European ? 0 : 1.2);
        while (townsend < -6.26 || townsend > 11.0);
        t.DeprivationZ = (townsend + 1.3) / 3.0;

        table.Set(F.Sex, p, t.Male ? 1 : 0);
        table.Set(F.YearOfBirth, p, birth.Year);
        table.Set(F.MonthOfBirth, p, birth.Month);
        table.Set(F.AssessmentDate, p, visit.DayNumber);
        table.Set(F.AssessmentCentre, p, centre.Code);
        table.Set(F.AgeAtRecruitment, p, completedYears);
        table.Set(F.EthnicBackground, p, ethnicity);
        table.Set(F.Townsend, p, Scaled(townsend, 5));

        // About one in ten came back for the imaging visit (2014 onwards); younger people more often.
        bool imaged = rng.Chance(age < 66 ? 0.11 : 0.075);
        int imagingDay = UkbCodings.FirstImaging.DayNumber + rng.NextInt(UkbCodings.LastImaging.DayNumber - UkbCodings.FirstImaging.DayNumber + 1);
        table.Set(F.ImagingDate, p, imaged ? imagingDay : ParticipantTable.Missing);
    }

    private static void Lifestyle(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t, out int alcohol)
    {
        double ageZ = (t.Age - 57) / 8;

        // Smoking status (coding 90): ≈ 55 % never, 35 % previous, 10 % current.
        if (rng.Chance(0.004)) t.Smoking = -3;
        else
        {
            double pCurrent = Math.Clamp(0.09 + (t.Male ? 0.03 : 0) - 0.016 * ageZ + 0.03 * t.DeprivationZ, 0.01, 0.5);
            double pPrevious = Math.Clamp(0.31 + (t.Male ? 0.08 : 0) + 0.05 * ageZ, 0.05, 0.8);
            double u = rng.NextDouble();
            t.Smoking = u < pCurrent ? 2 : u < pCurrent + pPrevious ? 1 : 0;
        }

        // Household income (coding 100294): ordinal latent falling with deprivation and (retirement) age.
        double incomeLatent = -0.35 * t.DeprivationZ - 0.35 * ageZ + 0.869 * rng.NextGaussian();
        int income;
        double reply = rng.NextDouble();
        if (reply < 0.10) income = -3;
        else if (reply < 0.142) income = -1;
        else income = incomeLatent < -0.768 ? 1 : incomeLatent < -0.070 ? 2 : incomeLatent < 0.607 ? 3 : incomeLatent < 1.491 ? 4 : 5;

        // Alcohol intake frequency (coding 100402): 1 daily … 6 never.
        double ancestryShift = t.Ancestry == Ancestry.European ? 0 : -0.7;
        double drinkLatent = (t.Male ? 0.25 : -0.2) + 0.25 * incomeLatent + ancestryShift + rng.NextGaussian();
        if (rng.Chance(0.001)) alcohol = -3;
        else alcohol = drinkLatent > 0.831 ? 1 : drinkLatent > 0.166 ? 2 : drinkLatent > -0.502 ? 3 : drinkLatent > -0.852 ? 4 : drinkLatent > -1.392 ? 5 : 6;

        // Sleep duration (coding 100291 for -1/-3): mostly 6–8 hours.
        int sleep;
        double sleepReply = rng.NextDouble();
        if (sleepReply < 0.001) sleep = -3;
        else if (sleepReply < 0.006) sleep = -1;
        else sleep = Math.Clamp((int)Math.Round(7.15 + 0.1 * t.DeprivationZ + 1.05 * rng.NextGaussian()), 1, 23);

        table.Set(F.Smoking, p, t.Smoking);
        table.Set(F.Alcohol, p, alcohol);
        table.Set(F.Sleep, p, sleep);
        table.Set(F.Income, p, income);
    }

    private static void BodySize(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t)
    {
        double heightMean = (t.Male ? 175.8 : 162.6) - (t.Male ? 0.10 : 0.14) * (t.Age - 57) + t.Ancestry switch
        {
            Ancestry.SouthAsian => -5.5,
            Ancestry.EastAsian => -6.0,
            Ancestry.African => -0.5,
            Ancestry.Mixed => -1.0,
            _ => 0,
        };
        double height = Math.Clamp(rng.Normal(heightMean, t.Male ? 6.8 : 6.2), 125, 210);

        double bmiMean = (t.Male ? 27.8 : 27.0) + 0.04 * (t.Age - 57) + 0.6 * t.DeprivationZ + t.Ancestry switch
        {
            Ancestry.SouthAsian => -0.6,
            Ancestry.EastAsian => -3.5,
            Ancestry.African => t.Male ? 0.3 : 3.0,
            _ => 0,
        };
        double bmi = Math.Clamp(rng.LogNormal(bmiMean, t.Male ? 4.2 : 5.1), 14, 70);

        // Weight follows from height and BMI; the published BMI is recomputed from the published
        // (rounded) weight and height, exactly, so weight / height² reproduces it to 4 decimals.
        long heightTenths = (long)Math.Round(height * 10);
        long weightTenths = Math.Clamp((long)Math.Round(bmi * height * height / 1000.0), 300, 2200);
        long denominator = heightTenths * heightTenths;
        long bmiScaled = (weightTenths * 2_000_000_000L + denominator) / (2 * denominator); // round half up
        t.HeightCm = heightTenths / 10.0;
        t.Bmi = bmiScaled / 10_000.0;

        table.Set(F.Height, p, (int)heightTenths);
        table.Set(F.Weight, p, (int)weightTenths);
        table.Set(F.Bmi, p, (int)bmiScaled);
    }

    private static void BloodPressure(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t)
    {
        double person = rng.NextGaussian(), diastolicOwn = rng.NextGaussian();
        t.SystolicMean = 137.5 + 0.62 * (t.Age - 57) + 0.9 * (t.Bmi - 27.4) + (t.Male ? 4.5 : -3.8)
            + (t.Ancestry == Ancestry.African ? 4 : 0) + 16.5 * person;
        t.DiastolicMean = 82 + 0.05 * (t.Age - 57) + 0.55 * (t.Bmi - 27.4) + (t.Male ? 2.8 : -2.3)
            + 5 * person + 8 * diastolicOwn;

        // Two automated readings a few minutes apart; the first tends to be a little higher.
        for (int reading = 0; reading < FieldCatalogue.SystolicReadings; reading++)
        {
            double shift = reading == 0 ? 1 : -1;
            int systolic = Math.Clamp((int)Math.Round(t.SystolicMean + shift + rng.Normal(0, 5)), 65, 268);
            int diastolic = Math.Clamp((int)Math.Round(t.DiastolicMean + shift / 2 + rng.Normal(0, 3.5)), 30, Math.Min(160, systolic - 10));
            table.Set(F.Systolic + reading, p, systolic);
            table.Set(F.Diastolic + reading, p, diastolic);
        }
    }

    private static void Glycaemia(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t)
    {
        double ancestryRisk = t.Ancestry switch
        {
            Ancestry.SouthAsian => 1.2,
            Ancestry.African => 0.7,
            Ancestry.EastAsian => 0.5,
            Ancestry.Mixed => 0.3,
            _ => 0,
        };
        t.Diabetic = rng.Chance(Sigmoid(-3.45 + 0.13 * (t.Bmi - 27.4) + 0.05 * (t.Age - 57) + (t.Male ? 0.45 : 0)
            + ancestryRisk + 0.15 * t.DeprivationZ));

        // HbA1c ≈ 36 mmol/mol with a diabetic tail; random (non-fasting) glucose tracks it.
        double glucose;
        if (t.Diabetic)
        {
            t.HbA1c = 41 + rng.LogNormal(14, 10);
            glucose = 3.8 + 0.09 * (t.HbA1c - 35) + rng.LogNormal(2.0, 1.6);
        }
        else
        {
            double z = rng.NextGaussian();
            t.HbA1c = 34.6 + 0.11 * (t.Age - 57) + 0.12 * (t.Bmi - 27.4) + (ancestryRisk > 0 ? 2 : 0) + 3.6 * z + 0.35 * (z * z - 1);
            glucose = 4.05 + 0.04 * (t.HbA1c - 35) + rng.LogNormal(0.95, 0.55);
        }
        t.HbA1c = Math.Clamp(t.HbA1c, 15, 180);
        table.Set(F.HbA1c, p, Scaled(t.HbA1c, 1));
        table.Set(F.Glucose, p, Scaled(Math.Clamp(glucose, 0.995, 36), 3));
    }

    private static void Lipids(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t, int alcohol)
    {
        t.OnStatin = rng.Chance(Sigmoid(-2.45 + 0.09 * (t.Age - 57) + (t.Male ? 0.5 : 0) + (t.Diabetic ? 1.7 : 0)
            + 0.02 * (t.SystolicMean - 138)));

        // Total and LDL cholesterol share most of their variation; statins lower both.
        bool postMenopausal = !t.Male && t.Age > 52;
        double shared = rng.NextGaussian(), ldlOwn = rng.NextGaussian();
        double cholesterol = 5.85 + 0.015 * (t.Age - 57) + (postMenopausal ? 0.35 : 0) + (t.Male ? -0.15 : 0)
            + 0.02 * (t.Bmi - 27.4) + 1.0 * shared;
        double ldl = 3.67 + 0.01 * (t.Age - 57) + (postMenopausal ? 0.2 : 0) + (t.Male ? 0 : -0.05)
            + 0.03 * (t.Bmi - 27.4) + 0.80 * (0.93 * shared + 0.367 * ldlOwn);
        double statinEffect = Math.Clamp(rng.Normal(1.0, 0.25), 0.3, 1.6);
        if (t.OnStatin)
        {
            cholesterol -= 1.45 * statinEffect;
            ldl -= 1.15 * statinEffect;
        }

        // HDL higher in women and drinkers, lower with adiposity; triglycerides the mirror image.
        double drinking = alcohol is >= 1 and <= 6 ? 3.5 - alcohol : 0;
        double hdl = rng.LogNormal(t.Male ? 1.27 : 1.57, t.Male ? 0.30 : 0.37) * Math.Exp(-0.018 * (t.Bmi - 27.4) + 0.025 * drinking);
        double hdlTypical = t.Male ? 1.27 : 1.57;
        double triglycerides = rng.LogNormal(t.Male ? 1.90 : 1.50, t.Male ? 1.0 : 0.75)
            * Math.Exp(0.035 * (t.Bmi - 27.4) - 0.5 * (hdl - hdlTypical)) * (t.Diabetic ? 1.2 : 1);

        t.Cholesterol = Math.Clamp(cholesterol, 0.6, 15.5);
        t.Ldl = Math.Clamp(ldl, 0.27, 9.8);
        table.Set(F.Cholesterol, p, Scaled(t.Cholesterol, 3));
        table.Set(F.Ldl, p, Scaled(t.Ldl, 3));
        table.Set(F.Hdl, p, Scaled(Math.Clamp(hdl, 0.22, 4.4), 3));
        table.Set(F.Triglycerides, p, Scaled(Math.Clamp(triglycerides, 0.23, 11.3), 3));
    }

    private static void OtherBloodMarkers(ParticipantTable table, int p, ref Xoshiro256StarStar rng, ref Traits t, int alcohol)
    {
        bool current = t.Smoking == 2;
        bool african = t.Ancestry == Ancestry.African;

        // CRP: heavily right-skewed (median ≈ 1.3, mean ≈ 2.6 mg/L), up with adiposity and smoking.
        t.Crp = Math.Clamp(Math.Exp(Math.Log(1.3) + 0.06 * (t.Bmi - 27.4) + (current ? 0.3 : 0) + 0.1 * t.DeprivationZ
            + 1.1 * rng.NextGaussian()), 0.08, 79.96);

        // Creatinine: sex-specific (muscle mass), with a small chronic-kidney-disease tail.
        double creatinine = rng.LogNormal(t.Male ? 82 : 64, t.Male ? 13 : 10) * (1 + 0.004 * (t.Age - 57)) * (african ? 1.1 : 1);
        if (rng.Chance(0.012 + (t.Diabetic ? 0.03 : 0))) creatinine *= rng.LogNormal(1.8, 0.5);
        t.Creatinine = Math.Clamp(creatinine, 10, 1500);
        double urea = rng.LogNormal(t.Male ? 5.65 : 5.2, 1.3) * Math.Sqrt(t.Creatinine / (t.Male ? 82 : 64)) * (1 + 0.005 * (t.Age - 57));

        double albumin = rng.Normal(45.2 - 0.06 * (t.Age - 57) + (t.Male ? 0.6 : -0.5) - 0.4 * Math.Log(t.Crp / 1.3), 2.5);
        double alp = rng.LogNormal(82 + (!t.Male && t.Age > 52 ? 8 : 0) + (current ? 4 : 0), 24) * Math.Exp(0.005 * (t.Bmi - 27.4));
        double liver = rng.NextGaussian();
        double alt = (t.Male ? 27.5 : 19.5) * Math.Exp(0.035 * (t.Bmi - 27.4) + 0.45 * liver - 0.10) * (alcohol == 1 ? 1.1 : 1);
        double ast = (t.Male ? 27.5 : 24.5) * Math.Exp(0.28 * (0.65 * liver + 0.76 * rng.NextGaussian()) - 0.04 + 0.008 * (t.Bmi - 27.4));

        double whiteCells = rng.LogNormal(6.7, 1.7) * (current ? 1.2 : 1) * (african ? 0.85 : 1)
            * Math.Exp(0.01 * (t.Bmi - 27.4) + 0.05 * Math.Log(t.Crp / 1.3));
        double haemoglobin = rng.Normal(t.Male ? 14.95 - 0.012 * (t.Age - 57) : 13.25 + 0.005 * (t.Age - 57), t.Male ? 1.0 : 0.92)
            - (african ? 0.6 : 0) + (current ? 0.3 : 0);
        double platelets = rng.LogNormal(t.Male ? 236 : 262, 55);

        table.Set(F.Crp, p, Scaled(t.Crp, 3));
        table.Set(F.Creatinine, p, Scaled(t.Creatinine, 3));
        table.Set(F.Urea, p, Scaled(Math.Clamp(urea, 0.8, 40), 3));
        table.Set(F.Albumin, p, Scaled(Math.Clamp(albumin, 15, 60), 3));
        table.Set(F.AlkalinePhosphatase, p, Scaled(Math.Clamp(alp, 8, 1400), 3));
        table.Set(F.Alt, p, Scaled(Math.Clamp(alt, 3, 500), 3));
        table.Set(F.Ast, p, Scaled(Math.Clamp(ast, 3, 900), 3));
        table.Set(F.WhiteCells, p, Scaled(Math.Clamp(whiteCells, 0.5, 80), 3));
        table.Set(F.Haemoglobin, p, Scaled(Math.Clamp(haemoglobin, 5, 20), 3));
        table.Set(F.Platelets, p, Scaled(Math.Clamp(platelets, 10, 1000), 3));
    }

    // Cluster centres and spreads of PCs 1–10, roughly where these groups sit in UK Biobank's PC space.
    private static readonly double[][] pcMeans =
    [
        [-12.0, 3.5, -1.2, 0.8, -0.6, 0.3, -0.2, 0.1, 0.3, -0.1], // European
        [280, 35, -15, -4, 6, 2, -1, 0, 0.5, 0],                   // African
        [40, -95, -50, 5, -40, 3, 2, 1, -1, 0],                    // South Asian
        [55, -60, 110, 20, 25, -8, 3, 2, 1, 1],                    // East Asian
    ];
    private static readonly double[][] pcSpreads =
    [
        [1.8, 2.2, 1.9, 3.0, 6.5, 2.2, 1.8, 1.7, 1.8, 1.6],
        [45, 10, 9, 6, 8, 4, 3, 3, 3, 3],
        [8, 15, 12, 8, 15, 5, 4, 4, 4, 4],
        [7, 10, 15, 8, 10, 5, 4, 4, 4, 4],
    ];

    private static void GeneticPcs(ParticipantTable table, int p, ref Xoshiro256StarStar rng, Ancestry ancestry)
    {
        // Mixed / other / unstated: mostly European, otherwise somewhere between Europe and another cluster.
        int cluster = ancestry == Ancestry.Mixed ? 0 : (int)ancestry;
        int partner = 1 + rng.NextInt(3);
        double admixture = ancestry == Ancestry.Mixed && rng.Chance(0.4) ? rng.Uniform(0.1, 0.9) : 0;
        for (int k = 0; k < FieldCatalogue.GeneticPcCount; k++)
        {
            double mean = (1 - admixture) * pcMeans[cluster][k] + admixture * pcMeans[partner][k];
            double spread = (1 - admixture) * pcSpreads[cluster][k] + admixture * pcSpreads[partner][k];
            table.Set(F.GeneticPcs + k, p, Scaled(rng.Normal(mean, spread), 4));
        }
    }

    private static void Diagnoses(ParticipantTable table, int p, ref Xoshiro256StarStar rng, in Traits t)
    {
        Span<int> codes = stackalloc int[Icd10Codes.ArraySize];
        int count = DiagnosisSimulator.Assign(in t, ref rng, codes);
        for (int slot = 0; slot < Icd10Codes.ArraySize; slot++)
            table.Set(F.Icd10 + slot, p, slot < count ? codes[slot] : ParticipantTable.Missing);
    }

    private static readonly int[] haematology = [F.WhiteCells, F.Haemoglobin, F.Platelets];
    private static readonly int[] biochemistry =
    [
        F.Albumin, F.AlkalinePhosphatase, F.Alt, F.Ast, F.Urea, F.Cholesterol, F.Creatinine, F.Crp,
        F.Glucose, F.Hdl, F.Ldl, F.Triglycerides, F.HbA1c,
    ];
    private static readonly int[] touchscreen = [F.Smoking, F.Alcohol, F.Sleep, F.Income];

    /// <summary>
    /// Blanks cells the way real data goes missing: whole stations skipped (body measures, blood pressure,
    /// blood sample) plus single failed assays, giving 2.6–3.6 % per field. Demographics are never missing.
    /// </summary>
    private static void Missingness(ParticipantTable table, int p, ref Xoshiro256StarStar rng)
    {
        bool noBodyMeasures = rng.Chance(0.026), noScale = rng.Chance(0.010);
        Blank(table, p, F.Height, noBodyMeasures);
        Blank(table, p, F.Weight, noBodyMeasures || noScale);
        Blank(table, p, F.Bmi, noBodyMeasures || noScale);

        bool noBloodPressure = rng.Chance(0.028), noSecondReading = rng.Chance(0.008);
        Blank(table, p, F.Systolic, noBloodPressure);
        Blank(table, p, F.Diastolic, noBloodPressure);
        Blank(table, p, F.Systolic + 1, noBloodPressure || noSecondReading);
        Blank(table, p, F.Diastolic + 1, noBloodPressure || noSecondReading);

        bool noBloodSample = rng.Chance(0.016), noHaematology = rng.Chance(0.012);
        foreach (int c in haematology) Blank(table, p, c, noBloodSample || noHaematology);
        foreach (int c in biochemistry) Blank(table, p, c, rng.Chance(0.014) || noBloodSample);

        Blank(table, p, F.Townsend, rng.Chance(0.03));
        foreach (int c in touchscreen) Blank(table, p, c, rng.Chance(0.03));

        bool notGenotyped = rng.Chance(0.032);
        for (int k = 0; k < FieldCatalogue.GeneticPcCount; k++) Blank(table, p, F.GeneticPcs + k, notGenotyped);
    }

    private static void Blank(ParticipantTable table, int p, int column, bool missing)
    {
        if (missing) table.Set(column, p, ParticipantTable.Missing);
    }

    private static int Scaled(double value, int decimals) =>
        (int)Math.Round(value * CellFormatter.Pow10(decimals), MidpointRounding.AwayFromZero);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
