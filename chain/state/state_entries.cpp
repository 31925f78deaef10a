#include "state/state_entries.h"

namespace chain::state {

namespace {

// Keys are written big-endian so that their byte order is the order of the
// state's maps: the entries of a table come out sorted as the map iterates.
class KeyWriter {
public:
    KeyWriter& u8(std::uint8_t v) { return put(v, 1); }
    KeyWriter& u16(std::uint16_t v) { return put(v, 2); }
    KeyWriter& u32(std::uint32_t v) { return put(v, 4); }
    KeyWriter& u64(std::uint64_t v) { return put(v, 8); }
    // A day may be negative (before 1970): flipping the sign bit keeps the
    // order of signed values in the order of the unsigned bytes.
    KeyWriter& day(std::int64_t v) { return u64(static_cast<std::uint64_t>(v) ^ (std::uint64_t{1} << 63)); }
    template <std::size_t N>
    KeyWriter& fixed(const std::array<std::uint8_t, N>& bytes) {
        key_.insert(key_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    Bytes take() { return std::move(key_); }

private:
    KeyWriter& put(std::uint64_t v, int bytes) {
        for (int i = bytes - 1; i >= 0; --i) key_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
        return *this;
    }
    Bytes key_;
};

template <class Encode>
Bytes value_of(Encode encode) {
    codec::Writer w;
    encode(w);
    return w.take();
}

} // namespace

Bytes table_key(TableId table) { return KeyWriter().u16(static_cast<std::uint16_t>(table)).take(); }
Bytes group_key(GroupField field) { return KeyWriter().u8(static_cast<std::uint8_t>(field)).take(); }
Bytes account_key(const AccountId& account) { return KeyWriter().fixed(account).take(); }
Bytes id_key(std::uint64_t id) { return KeyWriter().u64(id).take(); }
Bytes id_account_key(std::uint64_t id, const AccountId& account) { return KeyWriter().u64(id).fixed(account).take(); }
Bytes account_month_key(const AccountId& account, std::uint32_t month) {
    return KeyWriter().fixed(account).u32(month).take();
}
Bytes id_month_key(std::uint64_t id, std::uint32_t month) { return KeyWriter().u64(id).u32(month).take(); }
Bytes account_day_key(const AccountId& account, std::int64_t day) { return KeyWriter().fixed(account).day(day).take(); }
Bytes electorate_key(const Hash256& electorate) { return KeyWriter().fixed(electorate).take(); }
Bytes validator_key(const PublicKey& validator) { return KeyWriter().fixed(validator).take(); }
Bytes epoch_key(std::uint32_t epoch) { return KeyWriter().u32(epoch).take(); }

Bytes group_value(const State& s, GroupField field) {
    codec::Writer w;
    switch (field) {
    case GroupField::Identity:
        w.fixed(s.group_id);
        w.str(s.group_name);
        w.str(s.token_symbol);
        w.boolean(s.dev_group);
        w.i64(s.genesis_time_s);
        break;
    case GroupField::Params: codec::encode(w, s.params); break;
    case GroupField::Clock:
        w.u64(s.height);
        w.i64(s.time_s);
        break;
    case GroupField::Totals:
        w.u64(s.capacity_w);
        w.u64(s.tokens_issued_msb);
        w.u64(s.tokens_burned_msb);
        break;
    case GroupField::Counters:
        w.u64(s.next_plant_id);
        w.u64(s.next_referendum_id);
        w.u64(s.next_offer_id);
        break;
    case GroupField::KeyRotation: w.boolean(s.key_rotation_pending); break;
    case GroupField::EnergyParams: codec::encode(w, s.energy.params); break;
    case GroupField::Tracking:
        w.boolean(s.energy.tracking);
        w.i64(s.energy.tracking_since_day);
        break;
    case GroupField::Protocol:
        w.u32(s.protocol_version);
        w.boolean(s.pending_upgrade.has_value());
        if (s.pending_upgrade) {
            w.u32(s.pending_upgrade->version);
            w.u64(s.pending_upgrade->effective_height);
        }
        break;
    }
    return w.take();
}

Bytes u64_value(std::uint64_t value) {
    codec::Writer w;
    w.u64(value);
    return w.take();
}

Bytes member_value(const Member& m) {
    codec::Writer w;
    w.fixed(m.public_key);
    w.str(m.utility);
    w.fixed(m.profile_commitment);
    codec::encode(w, m.profile);
    w.u64(m.quota_w);
    w.u64(m.tokens_msb);
    w.i64(m.admitted_at_s);
    w.u32(m.key_epoch);
    w.bytes(m.sealed_keys);
    return w.take();
}

Bytes applicant_value(const Applicant& a) {
    codec::Writer w;
    w.fixed(a.public_key);
    w.str(a.utility);
    w.fixed(a.profile_commitment);
    codec::encode(w, a.profile);
    w.u64(a.referendum_id);
    w.i64(a.requested_at_s);
    return w.take();
}

Bytes plant_value(const Plant& p) {
    codec::Writer w;
    w.str(p.name);
    w.u8(static_cast<std::uint8_t>(p.source));
    w.u64(p.capacity_w);
    w.u64(p.cost_cents);
    w.str(p.utility);
    w.str(p.location);
    w.u64(p.time_to_market_s);
    w.fixed(p.proposer);
    w.u8(static_cast<std::uint8_t>(p.status));
    w.u64(p.referendum_id);
    w.i64(p.proposed_at_s);
    w.i64(p.campaign_opened_at_s);
    w.i64(p.campaign_deadline_s);
    w.i64(p.funded_at_s);
    w.i64(p.operating_at_s);
    w.i64(p.closed_at_s);
    w.u64(p.pledged_cents);
    return w.take();
}

Bytes referendum_value(const Referendum& r) {
    codec::Writer w;
    w.u8(static_cast<std::uint8_t>(r.kind));
    w.fixed(r.proposer);
    w.i64(r.opened_at_s);
    w.i64(r.deadline_s);
    w.fixed(r.electorate.id());
    w.u8(static_cast<std::uint8_t>(r.approval_rule));
    w.u32(r.quorum_percent);
    w.u8(static_cast<std::uint8_t>(r.outcome));
    w.i64(r.closed_at_s);
    w.u16(static_cast<std::uint16_t>(r.void_reason));
    w.fixed(r.applicant);
    w.u64(r.plant_id);
    w.boolean(r.change.has_value());
    if (r.change) codec::encode(w, *r.change);
    w.str(r.reason);
    return w.take();
}

Bytes ballot_value(bool yes) {
    codec::Writer w;
    w.boolean(yes);
    return w.take();
}

Bytes electorate_value(const Electorate& electorate) {
    codec::Writer w;
    w.u32(static_cast<std::uint32_t>(electorate.size()));
    w.fixed(electorate.bytes());
    return w.take();
}

Bytes offer_value(const Offer& o) {
    codec::Writer w;
    w.fixed(o.maker);
    w.fixed(o.counterparty);
    w.u8(static_cast<std::uint8_t>(o.side));
    w.u64(o.quota_w);
    w.u64(o.price_msb);
    w.i64(o.created_at_s);
    w.i64(o.expires_at_s);
    w.u8(static_cast<std::uint8_t>(o.status));
    w.i64(o.closed_at_s);
    return w.take();
}

Bytes data_key_value(const PublicKey& key) {
    codec::Writer w;
    w.fixed(key);
    return w.take();
}

Bytes consumption_value(const ConsumptionReading& v) {
    codec::Writer w;
    w.u64(v.consumption_wh);
    w.i64(v.read_at_s);
    w.u8(static_cast<std::uint8_t>(v.connection));
    w.i64(v.recorded_at_s);
    w.u32(v.revision);
    return w.take();
}

Bytes generation_value(const GenerationReading& v) {
    codec::Writer w;
    w.u64(v.generation_wh);
    w.fixed(v.recorded_by);
    w.i64(v.recorded_at_s);
    w.u32(v.revision);
    return w.take();
}

Bytes operator_value(const AccountId& account) {
    codec::Writer w;
    w.fixed(account);
    return w.take();
}

Bytes utility_value(const std::string& utility) {
    codec::Writer w;
    w.str(utility);
    return w.take();
}

} // namespace chain::state
