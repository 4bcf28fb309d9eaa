namespace Egress.Cohort.Simulation;

/// <summary>ICD-10 codes the generator can assign (UK Biobank writes them without the dot), sorted ordinally.</summary>
public static class Icd10Codes
{
    /// <summary>Slots 41270-0.0 … 41270-0.9.</summary>
    public const int ArraySize = 10;

    public static readonly IReadOnlyList<string> All = new[]
    {
        "C509",  // breast cancer
        "C61",   // prostate cancer
        "D126",  // benign neoplasm of colon
        "E039",  // hypothyroidism
        "E112", "E113", "E114", "E116", "E117", "E118", // type 2 diabetes with complications
        "E119",  // type 2 diabetes without complications
        "E669",  // obesity
        "E780",  // pure hypercholesterolaemia
        "E785",  // hyperlipidaemia
        "F329",  // depressive episode
        "G473",  // sleep apnoea
        "H251",  // senile nuclear cataract
        "I10",   // essential hypertension
        "I251",  // atherosclerotic heart disease
        "I489",  // atrial fibrillation
        "I839",  // varicose veins
        "J449",  // COPD
        "J459",  // asthma
        "K219",  // gastro-oesophageal reflux
        "K573",  // diverticular disease of large intestine
        "K635",  // colon polyp
        "K802",  // gallstones
        "M179",  // knee osteoarthritis
        "M545",  // low back pain
        "N183",  // chronic kidney disease stage 3
        "N390",  // urinary tract infection
        "N40",   // prostatic hyperplasia
        "R074",  // chest pain
    }.Order(StringComparer.Ordinal).ToArray();

    public static int IndexOf(string code)
    {
        for (int i = 0; i < All.Count; i++)
            if (All[i] == code) return i;
        throw new KeyNotFoundException(code);
    }
}
