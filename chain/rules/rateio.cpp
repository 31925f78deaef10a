#include "rules/rateio.h"

#include "rules/energy.h"
#include "rules/internal.h"
#include "rules/rules.h"

namespace chain {

std::vector<RateioEntry> lista_de_rateio(const State& state, const std::string& utility) {
    std::vector<RateioEntry> entries;
    std::vector<std::uint64_t> weights;
    for (const auto& [account, member] : state.members) {
        if (member.utility != utility || member.quota_w == 0) continue;
        entries.push_back(RateioEntry{account, member.quota_w, 0});
        weights.push_back(member.quota_w);
    }
    const std::vector<std::uint64_t> shares = share_by_largest_remainder(kRateioWhole, weights);
    for (std::size_t i = 0; i < entries.size(); ++i) entries[i].share_hundredths = static_cast<std::uint32_t>(shares[i]);
    return entries;
}

std::string format_share_ptbr(std::uint32_t share_hundredths) {
    const std::string fraction = std::to_string(share_hundredths % 100);
    return std::to_string(share_hundredths / 100) + "," + std::string(2 - fraction.size(), '0') + fraction;
}

namespace {

// Quotes a field when it holds the separator, a quote or a line break.
std::string field(const std::string& text) {
    if (text.find_first_of(";\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string row(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? ";" : "") + field(fields[i]);
    return line + "\r\n";
}

// "2026-03-02", the Brasília date of a time.
std::string date_ptbr(std::int64_t time_s) {
    const std::uint32_t month = month_of(time_s);
    const std::int64_t day = brasilia_day(time_s) - month_first_day(month) + 1;
    const std::string mm = std::to_string(month % 100);
    const std::string dd = std::to_string(day);
    return std::to_string(month / 100) + "-" + std::string(2 - mm.size(), '0') + mm + "-" +
           std::string(2 - dd.size(), '0') + dd;
}

// "1500,000": kW with three decimals, from W.
std::string kilowatts_ptbr(std::uint64_t w) {
    const std::string fraction = std::to_string(w % 1000);
    return std::to_string(w / 1000) + "," + std::string(3 - fraction.size(), '0') + fraction;
}

const char* source_ptbr(PlantSource source) {
    switch (source) {
    case PlantSource::Solar: return "solar fotovoltaica";
    case PlantSource::Wind: return "eólica";
    case PlantSource::Hydro: return "hidráulica";
    case PlantSource::Biomass: return "biomassa";
    case PlantSource::Biogas: return "biogás";
    case PlantSource::Other: return "outra";
    }
    return "outra";
}

} // namespace

std::string lista_de_rateio_csv(const State& state, const std::string& utility,
                                const std::map<AccountId, std::string>& consumer_units) {
    std::string csv;
    csv += row({"Lista de rateio", state.group_name});
    csv += row({"Identificador do grupo", codec::to_hex(state.group_id)});
    csv += row({"Distribuidora", utility});
    csv += row({"Data", date_ptbr(state.time_s)});
    csv += "\r\n";
    csv += row({"Usina", "Nome", "Fonte", "Potência (kW)", "Classe", "Local", "Operador", "Início da operação"});
    for (const auto& [id, plant] : state.plants) {
        if (plant.status != PlantStatus::Operating || plant.utility != utility) continue;
        const bool micro = plant_class(state.energy.params, plant.capacity_w) == PlantClass::Microgeneration;
        csv += row({std::to_string(id), plant.name, source_ptbr(plant.source), kilowatts_ptbr(plant.capacity_w),
                    micro ? "microgeração" : "minigeração", plant.location,
                    crypto::address(plant_operator(state, plant)), date_ptbr(plant.operating_at_s)});
    }
    csv += "\r\n";
    csv += row({"Unidade consumidora", "Membro (endereço)", "Cota (W)", "Percentual (%)"});
    std::uint64_t total_w = 0;
    std::uint32_t total_share = 0;
    for (const RateioEntry& entry : lista_de_rateio(state, utility)) {
        const auto unit = consumer_units.find(entry.account);
        csv += row({unit == consumer_units.end() ? std::string() : unit->second, crypto::address(entry.account),
                    std::to_string(entry.quota_w), format_share_ptbr(entry.share_hundredths)});
        total_w += entry.quota_w;
        total_share += entry.share_hundredths;
    }
    csv += row({"Total", "", std::to_string(total_w), format_share_ptbr(total_share)});
    return csv;
}

} // namespace chain
