package registries

import "tebdg/internal/web"

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	m.App("GET /app/registries", s.handleRegistries)
	m.App("GET /app/registries/{kind}", s.handleRegistryList)
	m.App("GET /app/registries/{kind}/new", s.handleRecordNew)
	m.App("POST /app/registries/{kind}", s.handleRecordCreate, web.Body(web.FilesBody))
	m.App("GET /app/registries/{kind}/import", s.handleRegistryImportForm)
	m.App("POST /app/registries/{kind}/import", s.handleRegistryImport, web.Body(web.FilesBody))
	m.App("GET /app/registries/{kind}/template.xlsx", s.handleRegistryTemplate)
	m.App("GET /app/registries/{kind}/export.xlsx", s.handleRegistryXLSX)
	m.App("GET /app/registries/{kind}/map.geojson", s.handleRegistryGeoJSON)
	m.App("GET /app/registries/{kind}/{id}", s.handleRecordShow)
	m.App("POST /app/registries/{kind}/{id}", s.handleRecordUpdate, web.Body(web.FilesBody))
	m.App("POST /app/registries/{kind}/{id}/status", s.handleRecordMove)
	m.App("POST /app/registries/{kind}/{id}/delete", s.handleRecordDelete)
	m.App("POST /app/registries/{kind}/{id}/entries/{entry}", s.handleEntryAdd)
	m.App("POST /app/registries/{kind}/{id}/entries/{entry}/delete", s.handleEntryDelete)
	m.App("GET /app/gifts", s.handleGifts)
	m.App("POST /app/gifts/rounds", s.handleGiftRoundCreate)
	m.App("GET /app/gifts/rounds/{id}", s.handleGiftRound)
	m.App("POST /app/gifts/rounds/{id}/mark", s.handleGiftRoundMark)
	m.App("POST /app/gifts/rounds/{id}/status", s.handleGiftRoundStatus)
	m.App("GET /app/gifts/rounds/{id}/export.xlsx", s.handleGiftRoundExport)
	m.App("GET /app/gifts/children", s.handleStaffChildren)
	m.App("POST /app/gifts/children", s.handleStaffChildSave)
	m.App("POST /app/gifts/children/import", s.handleStaffChildrenImport, web.Body(web.FilesBody))
	m.App("GET /app/gifts/children/{id}", s.handleStaffChildEdit)
	m.App("POST /app/gifts/children/{id}/delete", s.handleStaffChildDelete)
}
