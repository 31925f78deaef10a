<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>models::Describe</name>
    <message numerus="yes">
        <source>Already decided: Yes has %1 of the %n vote(s) needed.</source>
        <translation>
            <numerusform>Already decided: Yes has %1 of the %n vote needed.</numerusform>
            <numerusform>Already decided: Yes has %1 of the %n votes needed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It can no longer pass: with %1 No, Yes can reach at most %2 of the %n vote(s) needed.</source>
        <translation>
            <numerusform>It can no longer pass: with %1 No, Yes can reach at most %2 of the %n vote needed.</numerusform>
            <numerusform>It can no longer pass: with %1 No, Yes can reach at most %2 of the %n votes needed.</numerusform>
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
</context>
<context>
    <name>ui::ProposePlantDialog</name>
    <message numerus="yes">
        <source>The members vote on the proposal for %n day(s). If they approve it, crowdfunding opens.</source>
        <translation>
            <numerusform>The members vote on the proposal for %n day. If they approve it, crowdfunding opens.</numerusform>
            <numerusform>The members vote on the proposal for %n days. If they approve it, crowdfunding opens.</numerusform>
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
</context>
</TS>
