package docx

import (
	"strings"
	"time"
)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

	nsW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgR  = "http://schemas.openxmlformats.org/package/2006/relationships"
	relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

	ctWML = "application/vnd.openxmlformats-officedocument.wordprocessingml."

	ridStyles      = "rId1"
	ridSettings    = "rId2"
	ridHeaderPage  = "rId3"
	ridHeaderFirst = "rId4"
)

type part struct {
	name string
	data []byte
}

// packageParts lists the parts of the package, [Content_Types].xml first as
// is customary, in a fixed order so that the output is reproducible.
func packageParts(d *Document) []part {
	return []part{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(packageRels)},
		{"docProps/core.xml", coreXML(d)},
		{"docProps/app.xml", appXML(d)},
		{"word/document.xml", documentXML(d)},
		{"word/styles.xml", []byte(stylesXML(d))},
		{"word/settings.xml", []byte(settingsXML)},
		{"word/header1.xml", []byte(headerPageXML)},
		{"word/header2.xml", []byte(headerFirstXML)},
		{"word/_rels/document.xml.rels", []byte(documentRels)},
	}
}

// Every part has its own Override, so a reader never depends on the
// extension defaults to type a part.
const contentTypes = xmlHeader +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="` + ctWML + `document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="` + ctWML + `styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="` + ctWML + `settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="` + ctWML + `header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="` + ctWML + `header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlHeader +
	`<Relationships xmlns="` + nsPkgR + `">` +
	`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relBase + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader +
	`<Relationships xmlns="` + nsPkgR + `">` +
	`<Relationship Id="` + ridStyles + `" Type="` + relBase + `styles" Target="styles.xml"/>` +
	`<Relationship Id="` + ridSettings + `" Type="` + relBase + `settings" Target="settings.xml"/>` +
	`<Relationship Id="` + ridHeaderPage + `" Type="` + relBase + `header" Target="header1.xml"/>` +
	`<Relationship Id="` + ridHeaderFirst + `" Type="` + relBase + `header" Target="header2.xml"/>` +
	`</Relationships>`

// compatibilityMode 15 makes Word open the file as a current document rather
// than in compatibility mode.
const settingsXML = xmlHeader +
	`<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/>` +
	`<w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// headerPageXML is the header of pages 2 on: the page number, centred, as a
// PAGE field written out (begin, instruction, separate, result, end), the
// form every reader of .docx understands. Its cached result is "2", which is
// right on the first page it appears on; readers recompute it anyway.
const headerPageXML = xmlHeader +
	`<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
	`<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t>2</w:t></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>` +
	`</w:p></w:hdr>`

// headerFirstXML is the first page's header: empty, since the decree numbers
// pages from the second. A header part must still hold a paragraph.
const headerFirstXML = xmlHeader +
	`<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
	`<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>` +
	`</w:hdr>`

const fonts = `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>`

// stylesXML defines the defaults (Times New Roman 14 pt, single lines, no
// spacing) and the styles the body uses. The fonts are repeated in every
// style because LibreOffice starts its own heading styles from a sans-serif
// font and keeps it unless the file names another.
func stylesXML(d *Document) string {
	lang := "vi-VN"
	if d.english() {
		lang = "en-GB"
	}
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts +
		`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="` + lang + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
		`<w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>`)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>` +
		`<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
		`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	for lvl := 1; lvl <= 4; lvl++ {
		f := headings[lvl]
		b.WriteString(`<w:style w:type="paragraph" w:styleId="` + headingStyles[lvl] + `"><w:name w:val="heading ` + string(rune('0'+lvl)) + `"/>` +
			`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
			`<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0" w:line="276" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/>` +
			`<w:outlineLvl w:val="` + string(rune('0'+lvl-1)) + `"/></w:pPr><w:rPr>` + fonts)
		if f.b {
			b.WriteString(`<w:b/><w:bCs/>`)
		} else {
			b.WriteString(`<w:b w:val="0"/><w:bCs w:val="0"/>`)
		}
		if f.i {
			b.WriteString(`<w:i/><w:iCs/>`)
		} else {
			b.WriteString(`<w:i w:val="0"/><w:iCs w:val="0"/>`)
		}
		b.WriteString(`<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>`)
	}
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>` +
		`<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr>` + fonts + `</w:rPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// w3cdtf formats a time as the W3CDTF form (UTC, seconds) core.xml requires.
// Outside years 1–9999, which the form cannot write, it falls back on the
// zip epoch, as it does for the zero time.
func w3cdtf(t time.Time) string {
	u := t.UTC()
	if t.IsZero() || u.Year() < 1 || u.Year() > 9999 {
		u = zipTime
	}
	return u.Format("2006-01-02T15:04:05Z")
}

func coreXML(d *Document) []byte {
	x := &buf{}
	x.raw(xmlHeader)
	x.raw(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	x.raw("<dc:title>")
	x.esc(oneLine(d.Title))
	x.raw("</dc:title>")
	if t := oneLine(d.Type); t != "" {
		x.raw("<dc:subject>")
		x.esc(t)
		x.raw("</dc:subject>")
	}
	x.raw("<dc:creator>tebdg</dc:creator><cp:lastModifiedBy>tebdg</cp:lastModifiedBy>")
	if d.english() {
		x.raw("<dc:language>en-GB</dc:language>")
	} else {
		x.raw("<dc:language>vi-VN</dc:language>")
	}
	date := w3cdtf(d.Date)
	x.raw(`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created>`)
	x.raw(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified>`)
	x.raw("</cp:coreProperties>")
	return x.b
}

func appXML(d *Document) []byte {
	x := &buf{}
	x.raw(xmlHeader)
	x.raw(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
		` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`)
	x.raw("<Application>tebdg</Application><DocSecurity>0</DocSecurity><Company>")
	x.esc(oneLine(d.Issuer))
	x.raw("</Company></Properties>")
	return x.b
}

// oneLine joins the lines of s with spaces, for metadata fields shown on one
// line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
