// Package docx writes official Vietnamese administrative documents (plans,
// reports) as Word .docx files laid out as Decree 30/2020/NĐ-CP, Appendix I
// (thể thức văn bản hành chính) asks:
//
//   - A4 portrait, margins top and bottom 20 mm, left 30 mm, right 20 mm,
//     Times New Roman throughout;
//   - a borderless two-column header: the parent body in caps, the issuing
//     body in bold caps over a short rule and "Số: …" on the left; the
//     national name, the motto over a rule as long as the motto, and the
//     place-and-date line in italics on the right;
//   - the type name ("KẾ HOẠCH") in bold caps, the title (trích yếu) in bold
//     over a short rule, and for reports an optional "Kính gửi:" line;
//   - a justified 14 pt body with a 1.27 cm first-line indent whose headings
//     keep their labels as written (I., 1., 2.1., a), -, +), and bordered
//     tables whose header row repeats on every page;
//   - a borderless foot: "Nơi nhận:" and its list on the left, the signing
//     authority and the signer on the right;
//   - page numbers at the top centre from page 2 on.
//
// The package is pure (no I/O beyond the io.Writer it is given) and uses the
// standard library only. The XML is written by hand, in the element order
// the OOXML schema prescribes, because Word checks that order and offers to
// "repair" a file that breaks it. The same Document always gives the same
// bytes: zip entries carry a fixed time and the document's own dates come from
// Document.Date.
package docx
