#!/usr/bin/env python3
"""Writes one CSV as the other formats the format benchmark compares: zip'd CSV, JSON records, XLSX.
Usage: make-formats.py INPUT.csv OUTDIR   (standard library only)"""
import csv, json, sys, zipfile, os
from xml.sax.saxutils import escape

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(src, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]

with zipfile.ZipFile(os.path.join(out, "slice.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.write(src, "slice.csv")

with open(os.path.join(out, "slice.json"), "w") as f:
    f.write("[\n")
    for i, r in enumerate(body):
        f.write(("," if i else "") + json.dumps(dict(zip(header, r)), separators=(",", ":")) + "\n")
    f.write("]\n")

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def cell(ref, v):
    try:
        float(v)
        return f'<c r="{ref}"><v>{v}</v></c>'
    except ValueError:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' if v else ""

cols = [col(i) for i in range(len(header))]
with zipfile.ZipFile(os.path.join(out, "slice.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w") as s:
        s.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        for n, r in enumerate(rows, start=1):
            s.write((f'<row r="{n}">' + "".join(cell(f"{cols[i]}{n}", v) for i, v in enumerate(r)) + "</row>").encode())
        s.write(b"</sheetData></worksheet>")
