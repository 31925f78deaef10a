<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>models::BillChecks</name>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n difference</numerusform>
            <numerusform>%n differences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>models::Describe</name>
    <message numerus="yes">
        <source>Already decided: Yes has %n vote(s); it needed %1.</source>
        <translation>
            <numerusform>Already decided: Yes has %n vote; it needed %1.</numerusform>
            <numerusform>Already decided: Yes has %n votes; it needed %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It can no longer pass: it needs %n Yes vote(s), and with %1 No, Yes can reach at most %2.</source>
        <translation>
            <numerusform>It can no longer pass: it needs %n Yes vote, and with %1 No, Yes can reach at most %2.</numerusform>
            <numerusform>It can no longer pass: it needs %n Yes votes, and with %1 No, Yes can reach at most %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>models::Format</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::BillCheckDialog</name>
    <message numerus="yes">
        <source>%n difference(s) between the bill and the group&apos;s record:</source>
        <translation>
            <numerusform>%n difference between the bill and the group&apos;s record:</numerusform>
            <numerusform>%n differences between the bill and the group&apos;s record:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message numerus="yes">
        <source>Group paused: %1 of %n validator(s) online</source>
        <translation>
            <numerusform>Group paused: %1 of %n validator online</numerusform>
            <numerusform>Group paused: %1 of %n validators online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n validator(s) online</source>
        <translation>
            <numerusform>%1 of %n validator online</numerusform>
            <numerusform>%1 of %n validators online</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1 of %n validator(s)</source>
        <translation>
            <numerusform>Connected to %1 of %n validator</numerusform>
            <numerusform>Connected to %1 of %n validators</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) of the group&apos;s history left to check (blocks of its ledger)</source>
        <translation>
            <numerusform>%n step of the group&apos;s history left to check (blocks of its ledger)</numerusform>
            <numerusform>%n steps of the group&apos;s history left to check (blocks of its ledger)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for this computer to catch up with the group: %n step(s) of its history left.</source>
        <translation>
            <numerusform>Waiting for this computer to catch up with the group: %n step of its history left.</numerusform>
            <numerusform>Waiting for this computer to catch up with the group: %n steps of its history left.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not connected to any of the %n validator(s) yet</source>
        <translation>
            <numerusform>Not connected to the validator yet</numerusform>
            <numerusform>Not connected to any of the %n validators yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>verified by %1 of %n validator(s)</source>
        <translation>
            <numerusform>verified by %1 of %n validator</numerusform>
            <numerusform>verified by %1 of %n validators</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer checked the signatures of %1 of the group&apos;s %n validator(s) on it: more than two thirds of them vouch for what it shows.</source>
        <translation>
            <numerusform>This computer checked the signature of the group&apos;s validator on it (%1 of %n), which vouches for what it shows.</numerusform>
            <numerusform>This computer checked the signatures of %1 of the group&apos;s %n validators on it: more than two thirds of them vouch for what it shows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Light mode: every %n minute(s) this computer asks the group&apos;s computers to prove the group&apos;s figures, members and plants, and checks the proofs against the validators&apos; signatures. It keeps no history.</source>
        <translation>
            <numerusform>Light mode: every minute this computer asks the group&apos;s computers to prove the group&apos;s figures, members and plants, and checks the proofs against the validators&apos; signatures. It keeps no history.</numerusform>
            <numerusform>Light mode: every %n minutes this computer asks the group&apos;s computers to prove the group&apos;s figures, members and plants, and checks the proofs against the validators&apos; signatures. It keeps no history.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::NetworkPanel</name>
    <message numerus="yes">
        <source>The group has %n validator(s)</source>
        <translation>
            <numerusform>The group has %n validator</numerusform>
            <numerusform>The group has %n validators</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It keeps working with %n of them off.</source>
        <translation>
            <numerusform>It keeps working with %n of them off.</numerusform>
            <numerusform>It keeps working with %n of them off.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this computer is not connected to any of them yet.</source>
        <translation>
            <numerusform>this computer is not connected to it yet.</numerusform>
            <numerusform>this computer is not connected to any of them yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this computer is connected to all of them.</source>
        <translation>
            <numerusform>this computer is connected to it.</numerusform>
            <numerusform>this computer is connected to all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The group has %n validator(s).</source>
        <translation>
            <numerusform>The group has %n validator.</numerusform>
            <numerusform>The group has %n validators.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::OverviewPage</name>
    <message numerus="yes">
        <source>%n operating plant(s)</source>
        <translation>
            <numerusform>%n operating plant</numerusform>
            <numerusform>%n operating plants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for admission</source>
        <translation>
            <numerusform>%n waiting for admission</numerusform>
            <numerusform>%n waiting for admission</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open referendum(s)</source>
        <translation>
            <numerusform>%n open referendum</numerusform>
            <numerusform>%n open referendums</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other member(s)</source>
        <translation>
            <numerusform>%n other member</numerusform>
            <numerusform>%n other members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your admission is being voted: %1 Yes of %n needed. The vote closes in %2.</source>
        <translation>
            <numerusform>Your admission is being voted: %1 Yes of %n needed. The vote closes in %2.</numerusform>
            <numerusform>Your admission is being voted: %1 Yes of %n needed. The vote closes in %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your admission is being voted: no Yes yet, and it needs %n. The vote closes in %1.</source>
        <translation>
            <numerusform>Your admission is being voted: no Yes yet, and it needs %n. The vote closes in %1.</numerusform>
            <numerusform>Your admission is being voted: no Yes yet, and it needs %n. The vote closes in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Your request to join is ready. This computer first catches up with the group&apos;s history: %1 of %n step(s) checked.</source>
        <translation>
            <numerusform>Your request to join is ready. This computer first catches up with the group&apos;s history: %1 of %n step checked.</numerusform>
            <numerusform>Your request to join is ready. This computer first catches up with the group&apos;s history: %1 of %n steps checked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Light mode: none of the group&apos;s computers answered yet, so nothing below is checked. This computer asks again every %n minute(s).</source>
        <translation>
            <numerusform>Light mode: none of the group&apos;s computers answered yet, so nothing below is checked. This computer asks again every minute.</numerusform>
            <numerusform>Light mode: none of the group&apos;s computers answered yet, so nothing below is checked. This computer asks again every %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::SettingsPage</name>
    <message numerus="yes">
        <source>Connected to %n neighbour&apos;s computer(s).</source>
        <translation>
            <numerusform>Connected to %n neighbour&apos;s computer.</numerusform>
            <numerusform>Connected to %n neighbours&apos; computers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::VotesPage</name>
    <message numerus="yes">
        <source>It passes with %n Yes vote(s): more than half of the members when it opened. Not voting counts as No.</source>
        <translation>
            <numerusform>It passes with %n Yes vote: more than half of the members when it opened. Not voting counts as No.</numerusform>
            <numerusform>It passes with %n Yes votes: more than half of the members when it opened. Not voting counts as No.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It passes with more Yes than No, if at least %n member(s) vote.</source>
        <translation>
            <numerusform>It passes with more Yes than No, if at least %n member votes.</numerusform>
            <numerusform>It passes with more Yes than No, if at least %n members vote.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Yes: %1 · No: %2 · Voted: %3 of %n member(s)</source>
        <translation>
            <numerusform>Yes: %1 · No: %2 · Voted: %3 of %n member</numerusform>
            <numerusform>Yes: %1 · No: %2 · Voted: %3 of %n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nobody has voted yet; %n member(s) can vote.</source>
        <translation>
            <numerusform>Nobody has voted yet; %n member can vote.</numerusform>
            <numerusform>Nobody has voted yet; %n members can vote.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Yes: %1 · No: %2 · All %n member(s) voted</source>
        <translation>
            <numerusform>Yes: %1 · No: %2 · The only member voted</numerusform>
            <numerusform>Yes: %1 · No: %2 · All %n members voted</numerusform>
        </translation>
    </message>
</context>
</TS>
