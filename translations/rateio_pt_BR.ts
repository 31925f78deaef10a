<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>Format</name>
    <message>
        <source>%1 kWh</source>
        <translation>%1 kWh</translation>
    </message>
</context>
<context>
    <name>desktop::Startup</name>
    <message>
        <source>This computer already takes part in another group, and Rateio keeps one group per data folder, so it cannot join a second one here. Your group opens now.</source>
        <translation>Este computador já participa de outro grupo, e o Rateio mantém um só grupo por pasta de dados; por isso, não dá para entrar em um segundo grupo aqui. O seu grupo será aberto agora.</translation>
    </message>
    <message>
        <source>This computer already takes part in the group “%1”, and Rateio keeps one group per data folder, so it cannot join a second one here. “%1” opens now.</source>
        <translation>Este computador já participa do grupo “%1”, e o Rateio mantém um só grupo por pasta de dados; por isso, não dá para entrar em um segundo grupo aqui. O grupo “%1” será aberto agora.</translation>
    </message>
    <message>
        <source>This invitation cannot be used: %1

Rateio starts without it.</source>
        <translation>Este convite não pode ser usado: %1

O Rateio vai abrir sem ele.</translation>
    </message>
    <message>
        <source>Rateio could not open the group: %1</source>
        <translation>O Rateio não conseguiu abrir o grupo: %1</translation>
    </message>
    <message>
        <source>Unlock your wallet</source>
        <translation>Desbloqueie sua carteira</translation>
    </message>
    <message>
        <source>This group&apos;s clock was moved forward (it is a dev group): a group on the network follows the real clock, so it can be opened on %1, once the real date reaches the group&apos;s.</source>
        <translation>O relógio deste grupo foi adiantado (é um grupo de testes): um grupo na rede segue o relógio real, então ele só pode ser aberto em %1, quando a data real alcançar a do grupo.</translation>
    </message>
    <message>
        <source>The group could not be opened to neighbours: %1</source>
        <translation>Não foi possível abrir o grupo aos vizinhos: %1</translation>
    </message>
    <message>
        <source>&amp;Passphrase of the wallet &quot;%1&quot;:</source>
        <translation>&amp;Frase-senha da carteira &quot;%1&quot;:</translation>
    </message>
    <message>
        <source>The mode could not be saved in %1.</source>
        <translation>Não foi possível salvar o modo em %1.</translation>
    </message>
    <message>
        <source>Light mode could not start, so this computer stays in full mode.</source>
        <translation>Não foi possível iniciar o modo leve; este computador continua no modo completo.</translation>
    </message>
    <message>
        <source>Full mode could not start, so this computer stays in light mode.</source>
        <translation>Não foi possível iniciar o modo completo; este computador continua no modo leve.</translation>
    </message>
</context>
<context>
    <name>models::BillChecks</name>
    <message>
        <source>Energy compensated</source>
        <translation>Energia compensada</translation>
    </message>
    <message>
        <source>The bill compensates more than the group&apos;s record gives your unit this month. Check that every plant&apos;s generation of the month is recorded on Rateio; if the utility credited too much, it may bill the difference later.</source>
        <translation>A conta compensa mais do que o registro do grupo dá à sua unidade neste mês. Confira se a geração do mês de cada usina está registrada no Rateio; se a distribuidora creditou a mais, pode cobrar a diferença depois.</translation>
    </message>
    <message>
        <source>REN 1.000, art. 655-I §2º</source>
        <translation>REN 1.000, art. 655-I, §2º</translation>
    </message>
    <message>
        <source>The bill compensates nothing, though the group&apos;s plants allocated %1 to your unit this month and it held credit: energy and credit must offset each month&apos;s consumption, the oldest credit first. Ask the utility to apply the credits.</source>
        <translation>A conta não compensa nada, embora as usinas do grupo tenham destinado %1 à sua unidade neste mês e ela tivesse créditos: a energia e os créditos devem abater o consumo de cada mês, os créditos mais antigos primeiro. Peça à distribuidora que aplique os créditos.</translation>
    </message>
    <message>
        <source>Lei 14.300, art. 13; REN 1.000, arts. 655-G and 655-I</source>
        <translation>Lei 14.300, art. 13; REN 1.000, arts. 655-G e 655-I</translation>
    </message>
    <message>
        <source>The utility stopped compensating at the consumption above the minimum (%1 − %2 = %3). That is the limit for GD I energy only. Your energy is GD II or GD III: it pays part of the TUSD, so compensation goes on until the bill&apos;s value, not its kWh, reaches the minimum: %4. The difference, %5, was billed at the full tariff.</source>
        <translation>A distribuidora parou de compensar no consumo acima do mínimo (%1 − %2 = %3). Esse é o limite apenas para a energia GD I. A sua energia é GD II ou GD III: ela paga parte da TUSD, então a compensação continua até que o valor da conta, e não os seus kWh, chegue ao custo de disponibilidade: %4. A diferença, %5, foi cobrada pela tarifa cheia.</translation>
    </message>
    <message>
        <source>REN 1.000, art. 655-I §2º I</source>
        <translation>REN 1.000, art. 655-I, §2º, I</translation>
    </message>
    <message>
        <source>By the group&apos;s record, %1 of energy was there for this month (its allocation and the credit held), and %2 of it should have been compensated, up to the month&apos;s consumption and the minimum. If your quota changed recently, the utility may still apply the old lista de rateio: it must apply a new one from the billing cycle after the request.</source>
        <translation>Pelo registro do grupo, havia %1 de energia para este mês (a energia destinada e os créditos acumulados), e %2 deveriam ter sido compensados, até o consumo do mês e o custo de disponibilidade. Se a sua cota mudou há pouco, a distribuidora pode ainda estar aplicando a lista de rateio antiga: a nova vale a partir do ciclo de faturamento seguinte ao do pedido.</translation>
    </message>
    <message>
        <source>REN 1.000, arts. 655-H §1º and 655-I §2º</source>
        <translation>REN 1.000, arts. 655-H, §1º, e 655-I, §2º</translation>
    </message>
    <message>
        <source>Credit balance</source>
        <translation>Saldo de créditos</translation>
    </message>
    <message>
        <source>The bill&apos;s balance is short by %1, the credit banked up to %2. Credit lasts 60 months: that credit can still be used until %3.</source>
        <translation>Faltam %1 no saldo da conta: os créditos acumulados até %2. Os créditos valem por 60 meses: esses ainda podem ser usados até %3.</translation>
    </message>
    <message>
        <source>Lei 14.300, art. 13; REN 1.000, art. 655-L</source>
        <translation>Lei 14.300, art. 13; REN 1.000, art. 655-L</translation>
    </message>
    <message>
        <source>The bill shows less credit than the group&apos;s record: the energy not used in a month becomes credit of your unit and stays with it.</source>
        <translation>A conta mostra menos créditos do que o registro do grupo: a energia não usada no mês vira crédito da sua unidade e fica com ela.</translation>
    </message>
    <message>
        <source>The bill shows more credit than the group&apos;s record. Check that your readings and the plants&apos; generation are recorded on Rateio.</source>
        <translation>A conta mostra mais créditos do que o registro do grupo. Confira se as suas leituras e a geração das usinas estão registradas no Rateio.</translation>
    </message>
    <message>
        <source>REN 1.000, art. 655-G §4º</source>
        <translation>REN 1.000, art. 655-G, §4º</translation>
    </message>
    <message>
        <source>Fio B on compensated energy</source>
        <translation>Fio B sobre a energia compensada</translation>
    </message>
    <message>
        <source>Your compensated energy is GD I (its plant&apos;s access was requested before 8 January 2023): it pays no Fio B until 2045.</source>
        <translation>A sua energia compensada é GD I (o acesso da usina foi pedido antes de 8 de janeiro de 2023): ela não paga Fio B até 2045.</translation>
    </message>
    <message>
        <source>Lei 14.300, art. 26; REN 1.000, art. 655-O</source>
        <translation>Lei 14.300, art. 26; REN 1.000, art. 655-O</translation>
    </message>
    <message>
        <source>In %1 compensated GD II energy pays %2 % of the Fio B (R$ %3 per kWh at your tariff): on %4 that is %5. The bill charges more.</source>
        <translation>Em %1 a energia GD II compensada paga %2 % do Fio B (R$ %3 por kWh na sua tarifa): sobre %4, isso dá %5. A conta cobra mais.</translation>
    </message>
    <message>
        <source>Lei 14.300, art. 27; REN 1.000, art. 655-Q</source>
        <translation>Lei 14.300, art. 27; REN 1.000, art. 655-Q</translation>
    </message>
    <message>
        <source>Charge for energy consumed</source>
        <translation>Valor da energia consumida</translation>
    </message>
    <message>
        <source>The charge for energy consumed is the greater of the minimum (%1) and the energy not compensated at the full tariff (%2) plus what the compensated energy pays (%3). Rateio uses your tariff from Settings, without taxes: check that it is your bill&apos;s.</source>
        <translation>O valor da energia consumida é o maior entre o custo de disponibilidade (%1) e a energia não compensada pela tarifa cheia (%2) mais o que a energia compensada paga (%3). O Rateio usa a sua tarifa das Configurações, sem tributos: confira se é a da sua conta.</translation>
    </message>
    <message>
        <source>REN 1.000, art. 655-I §1º</source>
        <translation>REN 1.000, art. 655-I, §1º</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Consumo</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>não registrado</translation>
    </message>
    <message>
        <source>Rateio has no reading of your consumption for %1: record the bill&apos;s consumption on the Energy screen first, then check the bill.</source>
        <translation>O Rateio não tem leitura do seu consumo de %1: registre primeiro o consumo da conta na tela Energia e depois confira a conta.</translation>
    </message>
    <message>
        <source>The bill&apos;s consumption is not the reading you recorded. If the bill is right, record the month&apos;s reading again with its figure: the rest of this comparison uses your recorded reading.</source>
        <translation>O consumo da conta não é a leitura que você registrou. Se a conta estiver certa, registre de novo a leitura do mês com esse número: o resto desta comparação usa a leitura registrada.</translation>
    </message>
    <message>
        <source>no reading to compare</source>
        <translation>sem leitura para comparar</translation>
    </message>
    <message>
        <source>Agrees</source>
        <translation>Confere</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n diferença</numerusform>
            <numerusform>%n diferenças</numerusform>
        </translation>
    </message>
    <message>
        <source>Bill of %1: differences from the energy compensation due</source>
        <translation>Conta de %1: diferenças em relação à compensação de energia devida</translation>
    </message>
    <message>
        <source>To the ombudsman (ouvidoria) of the distribution utility.</source>
        <translation>À ouvidoria da distribuidora de energia.</translation>
    </message>
    <message>
        <source>Account holder: %1</source>
        <translation>Titular: %1</translation>
    </message>
    <message>
        <source>Consumer unit: %1</source>
        <translation>Unidade consumidora: %1</translation>
    </message>
    <message>
        <source>not known to this computer</source>
        <translation>desconhecida neste computador</translation>
    </message>
    <message>
        <source>Billing month: %1</source>
        <translation>Mês de referência: %1</translation>
    </message>
    <message>
        <source>Shared generation group: %1</source>
        <translation>Grupo de geração compartilhada: %1</translation>
    </message>
    <message>
        <source>The unit takes part in the electricity compensation system (SCEE) through the group&apos;s shared generation. The figures below compare the bill with the compensation due under REN ANEEL 1.000/2021 and Lei 14.300/2022, computed from the group&apos;s shared record. I ask that the bill be reviewed and corrected.</source>
        <translation>A unidade participa do Sistema de Compensação de Energia Elétrica (SCEE) pela geração compartilhada do grupo. Os números abaixo comparam a conta com a compensação devida pela REN ANEEL 1.000/2021 e pela Lei 14.300/2022, calculada a partir do registro compartilhado do grupo. Solicito a revisão e a correção da conta.</translation>
    </message>
    <message>
        <source>Expected and billed</source>
        <translation>Devido e faturado</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Devido</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Faturado</translation>
    </message>
    <message>
        <source>Rests on</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por quê</translation>
    </message>
    <message>
        <source>The compensation due</source>
        <translation>A compensação devida</translation>
    </message>
    <message>
        <source>Consumption recorded</source>
        <translation>Consumo registrado</translation>
    </message>
    <message>
        <source>Minimum billing (%1)</source>
        <translation>Custo de disponibilidade (%1)</translation>
    </message>
    <message>
        <source>Energy allocated to the unit this month</source>
        <translation>Energia destinada à unidade neste mês</translation>
    </message>
    <message>
        <source>Credit used</source>
        <translation>Crédito usado</translation>
    </message>
    <message>
        <source>Compensated, %1</source>
        <translation>Compensada, %1</translation>
    </message>
    <message>
        <source>Credit balance after the month</source>
        <translation>Saldo de créditos após o mês</translation>
    </message>
    <message>
        <source>Expected charge for energy consumed, without taxes</source>
        <translation>Valor devido pela energia consumida, sem tributos</translation>
    </message>
    <message>
        <source>Evidence from the group&apos;s record</source>
        <translation>Provas do registro do grupo</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Leitura</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energia</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrada em</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Bloco</translation>
    </message>
    <message>
        <source>before block %1</source>
        <translation>antes do bloco %1</translation>
    </message>
    <message>
        <source>Consumption of the unit (revision %1)</source>
        <translation>Consumo da unidade (revisão %1)</translation>
    </message>
    <message>
        <source>Generation of %1 (revision %2); the unit&apos;s part: %3, %4</source>
        <translation>Geração de %1 (revisão %2); parte da unidade: %3, %4</translation>
    </message>
    <message>
        <source>The unit&apos;s part of each plant follows its share of the group&apos;s quota, day by day, as in the lista de rateio. Figures from the group&apos;s shared record at block %1, state root %2. Any member can prove each figure against that root. Tariff used, without taxes: TE R$ %3/kWh, TUSD R$ %4/kWh (Fio B R$ %5/kWh).</source>
        <translation>A parte da unidade em cada usina segue a sua fração da cota do grupo, dia a dia, como na lista de rateio. Números do registro compartilhado do grupo no bloco %1, raiz de estado %2. Qualquer membro pode provar cada número contra essa raiz. Tarifa usada, sem tributos: TE R$ %3/kWh, TUSD R$ %4/kWh (Fio B R$ %5/kWh).</translation>
    </message>
</context>
<context>
    <name>models::Describe</name>
    <message>
        <source>Proposed</source>
        <translation>Proposta</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitada</translation>
    </message>
    <message>
        <source>Crowdfunding</source>
        <translation>Em financiamento</translation>
    </message>
    <message>
        <source>Funding failed</source>
        <translation>Financiamento falhou</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Em construção</translation>
    </message>
    <message>
        <source>Operating</source>
        <translation>Em operação</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removida</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>Solar</translation>
    </message>
    <message>
        <source>Wind</source>
        <translation>Eólica</translation>
    </message>
    <message>
        <source>Hydro</source>
        <translation>Hídrica</translation>
    </message>
    <message>
        <source>Biomass</source>
        <translation>Biomassa</translation>
    </message>
    <message>
        <source>Biogas</source>
        <translation>Biogás</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Outra</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Aberta</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprovada</translation>
    </message>
    <message>
        <source>Approved but void</source>
        <translation>Aprovada, mas sem efeito</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceita</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Recusada</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirada</translation>
    </message>
    <message>
        <source>Move %1 of quota from %2 to %3</source>
        <translation>Transferir %1 de cota de %2 para %3</translation>
    </message>
    <message>
        <source>Move %1 from %2 to %3</source>
        <translation>Transferir %1 de %2 para %3</translation>
    </message>
    <message>
        <source>Remove %1 from the group</source>
        <translation>Excluir %1 do grupo</translation>
    </message>
    <message>
        <source>Change the group rules</source>
        <translation>Mudar as regras do grupo</translation>
    </message>
    <message>
        <source>Admit %1 as a member</source>
        <translation>Admitir %1 como membro</translation>
    </message>
    <message>
        <source>Admit %1 (%2) as a member</source>
        <translation>Admitir %1 (%2) como membro</translation>
    </message>
    <message>
        <source>Build plant %1</source>
        <translation>Construir a usina %1</translation>
    </message>
    <message>
        <source>Change by referendum</source>
        <translation>Mudança por votação</translation>
    </message>
    <message>
        <source>Group founded</source>
        <translation>Grupo fundado</translation>
    </message>
    <message>
        <source>Admission requested</source>
        <translation>Pedido de admissão</translation>
    </message>
    <message>
        <source>Member admitted</source>
        <translation>Membro admitido</translation>
    </message>
    <message>
        <source>Admission rejected</source>
        <translation>Admissão recusada</translation>
    </message>
    <message>
        <source>Vote</source>
        <translation>Voto</translation>
    </message>
    <message>
        <source>Referendum opened</source>
        <translation>Votação aberta</translation>
    </message>
    <message>
        <source>Referendum closed</source>
        <translation>Votação encerrada</translation>
    </message>
    <message>
        <source>Plant proposed</source>
        <translation>Usina proposta</translation>
    </message>
    <message>
        <source>Plant rejected</source>
        <translation>Usina rejeitada</translation>
    </message>
    <message>
        <source>Campaign opened</source>
        <translation>Campanha aberta</translation>
    </message>
    <message>
        <source>Pledge</source>
        <translation>Contribuição</translation>
    </message>
    <message>
        <source>Pledge withdrawn</source>
        <translation>Contribuição retirada</translation>
    </message>
    <message>
        <source>Campaign succeeded</source>
        <translation>Campanha concluída</translation>
    </message>
    <message>
        <source>Campaign failed</source>
        <translation>Campanha fracassada</translation>
    </message>
    <message>
        <source>Plant operating</source>
        <translation>Usina em operação</translation>
    </message>
    <message>
        <source>Quota allocated</source>
        <translation>Cota atribuída</translation>
    </message>
    <message>
        <source>Tokens issued</source>
        <translation>Tokens emitidos</translation>
    </message>
    <message>
        <source>Offer made</source>
        <translation>Oferta feita</translation>
    </message>
    <message>
        <source>Offer accepted</source>
        <translation>Oferta aceita</translation>
    </message>
    <message>
        <source>Offer declined</source>
        <translation>Oferta recusada</translation>
    </message>
    <message>
        <source>Offer cancelled</source>
        <translation>Oferta cancelada</translation>
    </message>
    <message>
        <source>Offer expired</source>
        <translation>Oferta expirada</translation>
    </message>
    <message>
        <source>Quota sent</source>
        <translation>Cota enviada</translation>
    </message>
    <message>
        <source>Tokens sent</source>
        <translation>Tokens enviados</translation>
    </message>
    <message>
        <source>Profile updated</source>
        <translation>Perfil atualizado</translation>
    </message>
    <message>
        <source>Quota moved</source>
        <translation>Cota transferida</translation>
    </message>
    <message>
        <source>Tokens moved</source>
        <translation>Tokens transferidos</translation>
    </message>
    <message>
        <source>Member removed</source>
        <translation>Membro excluído</translation>
    </message>
    <message>
        <source>Tokens burned</source>
        <translation>Tokens queimados</translation>
    </message>
    <message>
        <source>Plant utility changed</source>
        <translation>Distribuidora da usina mudou</translation>
    </message>
    <message>
        <source>Plant removed</source>
        <translation>Usina removida</translation>
    </message>
    <message>
        <source>Rules changed</source>
        <translation>Regras alteradas</translation>
    </message>
    <message>
        <source>Validator added</source>
        <translation>Validador incluído</translation>
    </message>
    <message>
        <source>Validator removed</source>
        <translation>Validador retirado</translation>
    </message>
    <message>
        <source>Data key shared</source>
        <translation>Chave de dados compartilhada</translation>
    </message>
    <message>
        <source>Data key rotated</source>
        <translation>Chave de dados renovada</translation>
    </message>
    <message>
        <source>%1 founded the group</source>
        <translation>%1 fundou o grupo</translation>
    </message>
    <message>
        <source>%1 became a member</source>
        <translation>%1 passou a ser membro</translation>
    </message>
    <message>
        <source>The group did not admit %1</source>
        <translation>O grupo não admitiu %1</translation>
    </message>
    <message>
        <source>%1 proposed the plant %2</source>
        <translation>%1 propôs a usina %2</translation>
    </message>
    <message>
        <source>%1 received %2 of quota</source>
        <translation>%1 recebeu %2 de cota</translation>
    </message>
    <message>
        <source>%1 received %2</source>
        <translation>%1 recebeu %2</translation>
    </message>
    <message>
        <source>%1 made offer %2 to %3</source>
        <translation>%1 fez a oferta %2 para %3</translation>
    </message>
    <message>
        <source>Offer %1 accepted</source>
        <translation>Oferta %1 aceita</translation>
    </message>
    <message>
        <source>Offer %1 declined</source>
        <translation>Oferta %1 recusada</translation>
    </message>
    <message>
        <source>Offer %1 cancelled</source>
        <translation>Oferta %1 cancelada</translation>
    </message>
    <message>
        <source>Offer %1 expired</source>
        <translation>Oferta %1 expirada</translation>
    </message>
    <message>
        <source>%1 sent %2 of quota to %3</source>
        <translation>%1 enviou %2 de cota para %3</translation>
    </message>
    <message>
        <source>%1 sent %2 to %3</source>
        <translation>%1 enviou %2 para %3</translation>
    </message>
    <message>
        <source>%1 updated their profile</source>
        <translation>%1 atualizou o perfil</translation>
    </message>
    <message>
        <source>%1 of quota moved to %2</source>
        <translation>%1 de cota transferido para %2</translation>
    </message>
    <message>
        <source>%1 moved to %2</source>
        <translation>%1 transferido para %2</translation>
    </message>
    <message>
        <source>%1 left the group by referendum</source>
        <translation>%1 saiu do grupo por votação</translation>
    </message>
    <message>
        <source>%1 burned</source>
        <translation>%1 queimados</translation>
    </message>
    <message>
        <source>The group rules changed</source>
        <translation>As regras do grupo mudaram</translation>
    </message>
    <message>
        <source>A validator joined</source>
        <translation>Um validador entrou</translation>
    </message>
    <message>
        <source>A validator left</source>
        <translation>Um validador saiu</translation>
    </message>
    <message>
        <source>%1 received the group data key</source>
        <translation>%1 recebeu a chave de dados do grupo</translation>
    </message>
    <message>
        <source>The group data key was renewed</source>
        <translation>A chave de dados do grupo foi renovada</translation>
    </message>
    <message>
        <source>Another action of yours was still being recorded. Try again.</source>
        <translation>Outra ação sua ainda estava sendo registrada. Tente de novo.</translation>
    </message>
    <message>
        <source>This action took too long to be recorded. Try again.</source>
        <translation>Esta ação demorou demais para ser registrada. Tente de novo.</translation>
    </message>
    <message>
        <source>Only members of the group can do this.</source>
        <translation>Só membros do grupo podem fazer isso.</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>O valor é grande demais.</translation>
    </message>
    <message>
        <source>This person is already a member.</source>
        <translation>Esta pessoa já é membro.</translation>
    </message>
    <message>
        <source>An admission request is already waiting for the vote.</source>
        <translation>Já existe um pedido de admissão aguardando a votação.</translation>
    </message>
    <message>
        <source>Enter the name of the distribution utility.</source>
        <translation>Informe o nome da distribuidora.</translation>
    </message>
    <message>
        <source>Enter the full name and the consumer-unit number.</source>
        <translation>Informe o nome completo e o número da unidade consumidora.</translation>
    </message>
    <message>
        <source>This vote does not exist.</source>
        <translation>Esta votação não existe.</translation>
    </message>
    <message>
        <source>This vote has already closed.</source>
        <translation>Esta votação já foi encerrada.</translation>
    </message>
    <message>
        <source>You were not a member when this vote opened, so you cannot vote in it.</source>
        <translation>Você não era membro quando esta votação abriu, por isso não pode votar nela.</translation>
    </message>
    <message>
        <source>Your vote is already recorded that way.</source>
        <translation>Seu voto já está registrado assim.</translation>
    </message>
    <message>
        <source>Enter a name for the plant.</source>
        <translation>Dê um nome à usina.</translation>
    </message>
    <message>
        <source>The capacity must be above 0 and at most the group&apos;s limit.</source>
        <translation>A potência deve ser maior que 0 e no máximo o limite do grupo.</translation>
    </message>
    <message>
        <source>Enter the cost of the plant.</source>
        <translation>Informe o custo da usina.</translation>
    </message>
    <message>
        <source>The time to market is shorter than the group&apos;s minimum.</source>
        <translation>O prazo de implantação é menor que o mínimo do grupo.</translation>
    </message>
    <message>
        <source>The time to market is too long.</source>
        <translation>O prazo de implantação é longo demais.</translation>
    </message>
    <message>
        <source>Enter where the plant will be built.</source>
        <translation>Informe onde a usina será construída.</translation>
    </message>
    <message>
        <source>This plant does not exist.</source>
        <translation>Esta usina não existe.</translation>
    </message>
    <message>
        <source>This campaign is not open for pledges.</source>
        <translation>Esta campanha não está aberta a contribuições.</translation>
    </message>
    <message>
        <source>Only members served by the plant&apos;s utility can pledge.</source>
        <translation>Só membros atendidos pela distribuidora da usina podem contribuir.</translation>
    </message>
    <message>
        <source>The pledge is below the group&apos;s minimum.</source>
        <translation>A contribuição está abaixo do mínimo do grupo.</translation>
    </message>
    <message>
        <source>The pledge is more than what is still missing.</source>
        <translation>A contribuição é maior do que o valor que ainda falta.</translation>
    </message>
    <message>
        <source>You have no pledge in this campaign.</source>
        <translation>Você não tem contribuição nesta campanha.</translation>
    </message>
    <message>
        <source>Your pledge already has this amount.</source>
        <translation>Sua contribuição já tem este valor.</translation>
    </message>
    <message>
        <source>Choose a member of the group.</source>
        <translation>Escolha um membro do grupo.</translation>
    </message>
    <message>
        <source>You cannot send to yourself.</source>
        <translation>Você não pode enviar para si mesmo.</translation>
    </message>
    <message>
        <source>Quota can only go to a member of the same utility.</source>
        <translation>Cota só pode ir para um membro da mesma distribuidora.</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>Informe um valor maior que zero.</translation>
    </message>
    <message>
        <source>You do not have that much quota.</source>
        <translation>Você não tem tanta cota.</translation>
    </message>
    <message>
        <source>You do not have that many tokens.</source>
        <translation>Você não tem tantos tokens.</translation>
    </message>
    <message>
        <source>This offer does not exist.</source>
        <translation>Esta oferta não existe.</translation>
    </message>
    <message>
        <source>This offer is no longer open.</source>
        <translation>Esta oferta não está mais aberta.</translation>
    </message>
    <message>
        <source>This offer was made to someone else.</source>
        <translation>Esta oferta foi feita para outra pessoa.</translation>
    </message>
    <message>
        <source>Only who made the offer can cancel it.</source>
        <translation>Só quem fez a oferta pode cancelá-la.</translation>
    </message>
    <message>
        <source>Choose an expiry date in the future.</source>
        <translation>Escolha uma data de validade no futuro.</translation>
    </message>
    <message>
        <source>The last member cannot be removed.</source>
        <translation>O último membro não pode ser excluído.</translation>
    </message>
    <message>
        <source>The last validator cannot be removed.</source>
        <translation>O último validador não pode ser retirado.</translation>
    </message>
    <message>
        <source>Only a dev group can move its clock.</source>
        <translation>Só um grupo de testes pode adiantar o relógio.</translation>
    </message>
    <message>
        <source>This action was already sent.</source>
        <translation>Esta ação já foi enviada.</translation>
    </message>
    <message>
        <source>The wallet could not be opened. Check the passphrase.</source>
        <translation>Não foi possível abrir a carteira. Confira a frase-senha.</translation>
    </message>
    <message>
        <source>The group refused this action: %1</source>
        <translation>O grupo recusou esta ação: %1</translation>
    </message>
    <message>
        <source>Change the energy rules</source>
        <translation>Mudar as regras de energia</translation>
    </message>
    <message>
        <source>Consumption recorded</source>
        <translation>Consumo registrado</translation>
    </message>
    <message>
        <source>Generation recorded</source>
        <translation>Geração registrada</translation>
    </message>
    <message>
        <source>Plant operator changed</source>
        <translation>Operador da usina alterado</translation>
    </message>
    <message>
        <source>Energy rules changed</source>
        <translation>Regras de energia alteradas</translation>
    </message>
    <message>
        <source>%1 recorded %2 of consumption for %3</source>
        <translation>%1 registrou consumo de %2 em %3</translation>
    </message>
    <message>
        <source>The group&apos;s plant size limits changed</source>
        <translation>Os limites de potência das usinas do grupo mudaram</translation>
    </message>
    <message>
        <source>The capacity is above the limit for this energy source.</source>
        <translation>A potência passa do limite para esta fonte de energia.</translation>
    </message>
    <message>
        <source>Choose a month that has already begun.</source>
        <translation>Escolha um mês que já tenha começado.</translation>
    </message>
    <message>
        <source>Enter the meter reading date shown on the bill.</source>
        <translation>Informe a data da leitura que aparece na conta de luz.</translation>
    </message>
    <message>
        <source>The reading is too large.</source>
        <translation>A leitura é grande demais.</translation>
    </message>
    <message>
        <source>Only the plant&apos;s operator records its generation.</source>
        <translation>Só o operador da usina registra a geração dela.</translation>
    </message>
    <message>
        <source>The plant is not operating yet.</source>
        <translation>A usina ainda não está em operação.</translation>
    </message>
    <message>
        <source>This reading is already recorded with the same value.</source>
        <translation>Esta leitura já está registrada com o mesmo valor.</translation>
    </message>
    <message>
        <source>This member already operates the plant.</source>
        <translation>Este membro já é o operador da usina.</translation>
    </message>
    <message>
        <source>Add the computer %1 as a validator</source>
        <translation>Incluir o computador %1 como validador</translation>
    </message>
    <message>
        <source>Remove the computer %1 from the validators</source>
        <translation>Retirar o computador %1 dos validadores</translation>
    </message>
    <message>
        <source>plant no. %1</source>
        <translation>usina nº %1</translation>
    </message>
    <message>
        <source>vote no. %1</source>
        <translation>votação nº %1</translation>
    </message>
    <message>
        <source>Move %1 to the utility %2</source>
        <translation>Passar %1 para a distribuidora %2</translation>
    </message>
    <message>
        <source>Remove the plant: %1</source>
        <translation>Remover a usina: %1</translation>
    </message>
    <message>
        <source>Make %1 the operator of %2</source>
        <translation>Tornar %1 operador(a) de %2</translation>
    </message>
    <message>
        <source>Build: %1 (%2, %3)</source>
        <translation>Construir: %1 (%2, %3)</translation>
    </message>
    <message>
        <source>The result takes effect when the vote closes on %1 (members may change their vote until then).</source>
        <translation>O resultado vale quando a votação encerrar, em %1 (até lá, os membros podem mudar o voto).</translation>
    </message>
    <message>
        <source>Already decided: Yes leads %1 to %2, and the members who have not voted cannot change that.</source>
        <translation>Já decidida: o Sim vence por %1 a %2, e os membros que ainda não votaram não podem mudar isso.</translation>
    </message>
    <message>
        <source>It can no longer pass: No has %1, and Yes can reach at most %2.</source>
        <translation>Não pode mais ser aprovada: o Não tem %1, e o Sim chega no máximo a %2.</translation>
    </message>
    <message>
        <source>%1 asked to join; the members vote on it</source>
        <translation>%1 pediu para entrar; os membros vão votar</translation>
    </message>
    <message>
        <source>%1 voted on “%2”</source>
        <translation>%1 votou em “%2”</translation>
    </message>
    <message>
        <source>Vote opened: %1</source>
        <translation>Votação aberta: %1</translation>
    </message>
    <message>
        <source>Vote closed: %1</source>
        <translation>Votação encerrada: %1</translation>
    </message>
    <message>
        <source>The group rejected the proposal: %1</source>
        <translation>O grupo rejeitou a proposta: %1</translation>
    </message>
    <message>
        <source>Crowdfunding opened: %1</source>
        <translation>Financiamento coletivo aberto: %1</translation>
    </message>
    <message>
        <source>%1 pledged %2 to %3</source>
        <translation>%1 contribuiu com %2 para %3</translation>
    </message>
    <message>
        <source>%1 withdrew their pledge to %2</source>
        <translation>%1 retirou a contribuição para %2</translation>
    </message>
    <message>
        <source>Fully funded: %1</source>
        <translation>Totalmente financiada: %1</translation>
    </message>
    <message>
        <source>Did not reach its cost: %1</source>
        <translation>Não atingiu o custo: %1</translation>
    </message>
    <message>
        <source>Started operating: %1</source>
        <translation>Entrou em operação: %1</translation>
    </message>
    <message>
        <source>%1 now belongs to the utility %2</source>
        <translation>%1 agora pertence à distribuidora %2</translation>
    </message>
    <message>
        <source>Plant removed: %1</source>
        <translation>Usina removida: %1</translation>
    </message>
    <message>
        <source>%1 generated %2 in %3</source>
        <translation>%1 gerou %2 em %3</translation>
    </message>
    <message>
        <source>%1 now records the generation of %2</source>
        <translation>%1 agora registra a geração de %2</translation>
    </message>
    <message>
        <source>an invisible character (U+%1)</source>
        <translation>um caractere invisível (U+%1)</translation>
    </message>
    <message>
        <source>Enter a name for the wallet.</source>
        <translation>Digite um nome para a carteira.</translation>
    </message>
    <message>
        <source>The wallet name is too long: use at most %1 characters.</source>
        <translation>O nome da carteira é longo demais: use no máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>A wallet name cannot hold %1. Use letters (with or without accents), digits, spaces and punctuation.</source>
        <translation>O nome da carteira não pode ter %1. Use letras (com ou sem acento), algarismos, espaços e pontuação.</translation>
    </message>
    <message>
        <source>A wallet named “%1” already exists on this computer: open it with its passphrase, or choose another name.</source>
        <translation>Já existe neste computador uma carteira chamada “%1”: abra-a com a frase-senha dela ou escolha outro nome.</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>Use pelo menos %1 caracteres.</translation>
    </message>
    <message>
        <source>There is no wallet named “%1” on this computer.</source>
        <translation>Não há nenhuma carteira chamada “%1” neste computador.</translation>
    </message>
    <message>
        <source>That passphrase does not open the wallet. Check it and try again.</source>
        <translation>Essa frase-senha não abre a carteira. Confira e tente de novo.</translation>
    </message>
    <message>
        <source>The file “%1” is damaged or is not a Rateio wallet.</source>
        <translation>O arquivo “%1” está danificado ou não é uma carteira do Rateio.</translation>
    </message>
    <message>
        <source>The file “%1” was written by a newer version of Rateio. Install that version to open it; the file was left as it was.</source>
        <translation>O arquivo “%1” foi gravado por uma versão mais nova do Rateio. Instale essa versão para abri-lo; o arquivo ficou como estava.</translation>
    </message>
    <message>
        <source>The wallet could not be saved on this computer. Check that the disk is not full.</source>
        <translation>Não foi possível gravar a carteira neste computador. Confira se o disco não está cheio.</translation>
    </message>
    <message>
        <source>There is already a file named “%1”. Choose another name, so that no other backup is overwritten.</source>
        <translation>Já existe um arquivo chamado “%1”. Escolha outro nome, para que nenhuma outra cópia de segurança seja apagada.</translation>
    </message>
    <message>
        <source>Nothing could be written to “%1”. Check that the folder exists, that the drive is plugged in, and that it is not full or write-protected.</source>
        <translation>Não foi possível gravar em “%1”. Confira se a pasta existe, se o pen drive ou disco está conectado e se não está cheio nem protegido contra gravação.</translation>
    </message>
    <message>
        <source>The file “%1” could not be read. Check that it is there and that the drive is plugged in.</source>
        <translation>Não foi possível ler o arquivo “%1”. Confira se ele está lá e se o pen drive ou disco está conectado.</translation>
    </message>
    <message>
        <source>The file “%1” holds another wallet, not this one.</source>
        <translation>O arquivo “%1” guarda outra carteira, não esta.</translation>
    </message>
    <message>
        <source>The unused wallet file “%1” could not be removed.</source>
        <translation>Não foi possível apagar o arquivo de carteira “%1”, que não será usado.</translation>
    </message>
    <message>
        <source>Will pass at close</source>
        <translation>Aprovada ao encerrar</translation>
    </message>
    <message>
        <source>Will fail at close</source>
        <translation>Rejeitada ao encerrar</translation>
    </message>
    <message>
        <source>another Rateio program is using this group&apos;s folder (%1). Close it, then try again.</source>
        <translation>outro programa do Rateio está usando a pasta deste grupo (%1). Feche-o e tente de novo.</translation>
    </message>
    <message>
        <source>It can no longer pass: every member voted No.</source>
        <translation>Não pode mais ser aprovada: todos os membros votaram Não.</translation>
    </message>
    <message numerus="yes">
        <source>Already decided: Yes has %n vote(s); it needed %1.</source>
        <translation>
            <numerusform>Já decidida: o Sim tem %n voto; precisava de %1.</numerusform>
            <numerusform>Já decidida: o Sim tem %n votos; precisava de %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It can no longer pass: it needs %n Yes vote(s), and with %1 No, Yes can reach at most %2.</source>
        <translation>
            <numerusform>Não pode mais ser aprovada: precisa de %n voto Sim, e com %1 Não o Sim chega no máximo a %2.</numerusform>
            <numerusform>Não pode mais ser aprovada: precisa de %n votos Sim, e com %1 Não o Sim chega no máximo a %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rateio is busy. Try again in a moment.</source>
        <translation>O Rateio está ocupado. Tente de novo daqui a pouco.</translation>
    </message>
    <message>
        <source>Rateio could not save the data. Check the free disk space.</source>
        <translation>O Rateio não conseguiu gravar os dados. Confira o espaço livre em disco.</translation>
    </message>
    <message>
        <source>Update how the group&apos;s records are kept to version %1, from block %L2. Quotas, tokens and votes stay the same.</source>
        <translation>Atualizar a forma como os registros do grupo são guardados para a versão %1, a partir do bloco %L2. Cotas, tokens e votos continuam iguais.</translation>
    </message>
    <message>
        <source>Rules version: %1 (version %2 from block %L3)</source>
        <translation>Versão das regras: %1 (versão %2 a partir do bloco %L3)</translation>
    </message>
    <message>
        <source>Rules version: %1 (version %2 available)</source>
        <translation>Versão das regras: %1 (versão %2 disponível)</translation>
    </message>
    <message>
        <source>Rules version: %1</source>
        <translation>Versão das regras: %1</translation>
    </message>
    <message>
        <source>Records updated</source>
        <translation>Registros atualizados</translation>
    </message>
    <message>
        <source>The group&apos;s records are now kept in version %1</source>
        <translation>Os registros do grupo agora são guardados na versão %1</translation>
    </message>
    <message>
        <source>The group already keeps its records in this version or a later one.</source>
        <translation>O grupo já guarda seus registros nesta versão ou em uma mais nova.</translation>
    </message>
    <message>
        <source>This version of Rateio cannot keep the records that way. Every member must update Rateio first.</source>
        <translation>Esta versão do Rateio não sabe guardar os registros dessa forma. Todos os membros precisam atualizar o Rateio antes.</translation>
    </message>
    <message>
        <source>The update must start at a block after the current one.</source>
        <translation>A atualização precisa começar em um bloco depois do atual.</translation>
    </message>
    <message>
        <source>An update of how the records are kept is already approved or being voted on.</source>
        <translation>Uma atualização da forma de guardar os registros já foi aprovada ou está em votação.</translation>
    </message>
    <message>
        <source>the group&apos;s records saved on this computer are damaged: they no longer match what the group signed. Rateio did not use them and changed nothing.

Restore the folder %1 from a backup. If you have no backup, do not delete the folder: it also holds your wallet, your key as a member. Ask the person who set up the group for help; the other members&apos; computers hold the group&apos;s records.</source>
        <translation>os registros do grupo salvos neste computador estão danificados: não conferem mais com o que o grupo assinou. O Rateio não os usou e não alterou nada.

Restaure a pasta %1 a partir de uma cópia de segurança. Se você não tiver uma cópia, não apague a pasta: ela também guarda a sua carteira, a sua chave de membro. Peça ajuda a quem organizou o grupo; os computadores dos outros membros guardam os registros do grupo.</translation>
    </message>
    <message>
        <source>More than a third of the group&apos;s validators signed two different blocks at number %1. This computer stopped following the group so that it shows nothing that may be false. Tell the group&apos;s members: the validators must sort it out before anyone can trust the records again.</source>
        <translation>Mais de um terço dos validadores do grupo assinou dois blocos diferentes no número %1. Este computador parou de acompanhar o grupo para não mostrar nada que possa ser falso. Avise os membros do grupo: os validadores precisam resolver isso antes que alguém possa confiar nos registros de novo.</translation>
    </message>
    <message>
        <source>The invitation names block %1 of the group&apos;s records, and the computers this one reached showed another one there, so this computer takes nothing from that block on. Check with the member who invited you that the invitation is the group&apos;s, and ask for a new one if needed.</source>
        <translation>O convite indica o bloco %1 dos registros do grupo, e os computadores que este alcançou mostraram outro nesse lugar; por isso este computador não aceita nada a partir desse bloco. Confirme com o membro que convidou você se o convite é mesmo do grupo e, se preciso, peça um novo.</translation>
    </message>
</context>
<context>
    <name>models::EnergyReports</name>
    <message>
        <source>Green flag</source>
        <translation>Bandeira verde</translation>
    </message>
    <message>
        <source>Yellow flag</source>
        <translation>Bandeira amarela</translation>
    </message>
    <message>
        <source>Red flag, level 1</source>
        <translation>Bandeira vermelha, patamar 1</translation>
    </message>
    <message>
        <source>Red flag, level 2</source>
        <translation>Bandeira vermelha, patamar 2</translation>
    </message>
    <message>
        <source>single-phase</source>
        <translation>monofásica</translation>
    </message>
    <message>
        <source>two-phase</source>
        <translation>bifásica</translation>
    </message>
    <message>
        <source>three-phase</source>
        <translation>trifásica</translation>
    </message>
    <message>
        <source>Energy statement — %1</source>
        <translation>Extrato de energia — %1</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>Grupo: %1</translation>
    </message>
    <message>
        <source>Member: %1</source>
        <translation>Membro: %1</translation>
    </message>
    <message>
        <source>Consumer unit: %1</source>
        <translation>Unidade consumidora: %1</translation>
    </message>
    <message>
        <source>not known to this computer</source>
        <translation>desconhecida neste computador</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Endereço: %1</translation>
    </message>
    <message>
        <source>There is no energy data for this month.</source>
        <translation>Não há dados de energia para este mês.</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Neste mês</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Consumo</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>não registrado</translation>
    </message>
    <message>
        <source>Minimum billing (%1)</source>
        <translation>Custo de disponibilidade (%1)</translation>
    </message>
    <message>
        <source>Allocated by the group&apos;s plants</source>
        <translation>Alocado pelas usinas do grupo</translation>
    </message>
    <message>
        <source>Compensated with this month&apos;s allocation</source>
        <translation>Compensado com a alocação do mês</translation>
    </message>
    <message>
        <source>Credit used</source>
        <translation>Crédito usado</translation>
    </message>
    <message>
        <source>Credit banked</source>
        <translation>Crédito acumulado</translation>
    </message>
    <message>
        <source>Credit expired</source>
        <translation>Crédito expirado</translation>
    </message>
    <message>
        <source>Credit balance</source>
        <translation>Saldo de créditos</translation>
    </message>
    <message>
        <source>Credit expiring within 12 months</source>
        <translation>Créditos que expiram em até 12 meses</translation>
    </message>
    <message>
        <source>Estimated savings</source>
        <translation>Economia estimada</translation>
    </message>
    <message>
        <source>Estimated net savings</source>
        <translation>Economia líquida estimada</translation>
    </message>
    <message>
        <source>Credit and when it expires</source>
        <translation>Créditos e quando expiram</translation>
    </message>
    <message>
        <source>Banked in</source>
        <translation>Acumulado em</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédito</translation>
    </message>
    <message>
        <source>Usable until</source>
        <translation>Válido até</translation>
    </message>
    <message>
        <source>No credit banked</source>
        <translation>Nenhum crédito acumulado</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Não foi possível gravar %1: %2</translation>
    </message>
    <message>
        <source>Tariff flag</source>
        <translation>Bandeira tarifária</translation>
    </message>
    <message>
        <source>Savings estimated at your tariff without taxes: TE R$ %1/kWh, TUSD R$ %2/kWh (Fio B R$ %3/kWh), %4. Computed from the group&apos;s shared record at block %5.</source>
        <translation>Economia estimada pela sua tarifa sem impostos: TE R$ %1/kWh, TUSD R$ %2/kWh (Fio B R$ %3/kWh), %4. Calculado a partir do registro compartilhado do grupo no bloco %5.</translation>
    </message>
    <message>
        <source>As a low-income unit, only the consumption above 80 kWh is compensated (REN 1.000, art. 655-I); the rest of the energy stays as credit.</source>
        <translation>Como unidade de baixa renda, só o consumo acima de 80 kWh é compensado (REN 1.000, art. 655-I); o resto da energia fica como crédito.</translation>
    </message>
    <message>
        <source>Compensation stopped where the bill reaches the minimum billing of the connection (REN 1.000, art. 655-I): the rest of the energy stays as credit.</source>
        <translation>A compensação parou onde a conta chega ao custo de disponibilidade da ligação (REN 1.000, art. 655-I): o resto da energia fica como crédito.</translation>
    </message>
    <message>
        <source>Of the energy compensated, %1</source>
        <translation>Da energia compensada, %1</translation>
    </message>
    <message>
        <source>Billed at the full tariff</source>
        <translation>Faturado pela tarifa cheia</translation>
    </message>
    <message>
        <source>Energy at the full tariff</source>
        <translation>Energia pela tarifa cheia</translation>
    </message>
    <message>
        <source>Paid on compensated energy (Fio B and the rest of the SCEE tariff)</source>
        <translation>Pago sobre a energia compensada (Fio B e o resto da tarifa SCEE)</translation>
    </message>
    <message>
        <source>Minimum billing in R$</source>
        <translation>Custo de disponibilidade em R$</translation>
    </message>
    <message>
        <source>Expected charge for energy consumed (REN 1.000, art. 655-I)</source>
        <translation>Valor devido pela energia consumida (REN 1.000, art. 655-I)</translation>
    </message>
    <message>
        <source>Your credit if you leave the group</source>
        <translation>Seus créditos se você sair do grupo</translation>
    </message>
    <message>
        <source>You are no longer a member of the group</source>
        <translation>Você não é mais membro do grupo</translation>
    </message>
    <message>
        <source>Your banked credit, %1 now, stays with your consumer unit: leaving the group or being removed does not cancel or move it, and it can be used for 60 months from the month each part was banked. It moves only if your unit&apos;s contract with the utility ends or the unit changes hands: then to another unit of yours served by the same utility, the one you name within 30 days (or your unit with the largest consumption); if you have none, it stays in your name until it expires. It can go to another person&apos;s unit only if the group&apos;s generating unit itself closes, to a unit of the group named at least 30 days before (REN 1.000, art. 655-M).</source>
        <translation>Os seus créditos acumulados, hoje %1, ficam com a sua unidade consumidora: sair do grupo ou ser removido não os cancela nem os transfere, e eles podem ser usados por 60 meses a partir do mês em que cada parte foi gerada. Eles só mudam de lugar se o contrato da sua unidade com a distribuidora acabar ou se a unidade mudar de titular: aí vão para outra unidade sua atendida pela mesma distribuidora, a que você indicar em até 30 dias (ou a sua unidade de maior consumo); se você não tiver outra, ficam em seu nome até vencerem. Só podem ir para a unidade de outra pessoa se a própria unidade geradora do grupo encerrar o contrato, para uma unidade do grupo indicada com pelo menos 30 dias de antecedência (REN 1.000, art. 655-M).</translation>
    </message>
    <message>
        <source>Their banked credit stays with their consumer unit: removal does not cancel or move it. It moves only if the unit&apos;s contract ends or the unit changes hands, to another unit of the same holder in the same utility, and to another person&apos;s unit only if the group&apos;s generating unit closes (REN 1.000, art. 655-M).</source>
        <translation>Os créditos acumulados ficam com a unidade consumidora dele: a remoção não os cancela nem os transfere. Eles só mudam de lugar se o contrato da unidade acabar ou se ela mudar de titular, para outra unidade do mesmo titular na mesma distribuidora, e só vão para a unidade de outra pessoa se a unidade geradora do grupo encerrar o contrato (REN 1.000, art. 655-M).</translation>
    </message>
    <message>
        <source>Careful: %1 would then hold %2 of the quota in %3, 25 % or more. %4 would then be GD III: its compensated energy would pay the whole Fio B, 40 % of the Fio A and the TFSEE and P&amp;D/EE charges instead of the year&apos;s share of the Fio B, for every member who receives it (Lei 14.300, art. 27 §1º; REN 1.000, art. 655-P).</source>
        <translation>Atenção: %1 passaria a ter %2 da cota na %3, 25 % ou mais. %4 passaria então a ser GD III: a energia compensada dela pagaria o Fio B inteiro, 40 % do Fio A e os encargos TFSEE e P&amp;D/EE, em vez da parcela do Fio B do ano, para todos os membros que a recebem (Lei 14.300, art. 27, §1º; REN 1.000, art. 655-P).</translation>
    </message>
</context>
<context>
    <name>models::EventModel</name>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation>Nº do registro</translation>
    </message>
    <message>
        <source>The number of the page (block) of the group&apos;s shared record this is written on.</source>
        <translation>O número da página (bloco) do registro compartilhado do grupo em que isto está gravado.</translation>
    </message>
</context>
<context>
    <name>models::Format</name>
    <message>
        <source>%1 MW</source>
        <translation>%1 MW</translation>
    </message>
    <message>
        <source>%1 kW</source>
        <translation>%1 kW</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>encerrada</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dia</numerusform>
            <numerusform>%n dias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hora</numerusform>
            <numerusform>%n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter an amount in R$.</source>
        <translation>Informe um valor em R$.</translation>
    </message>
    <message>
        <source>Enter a power in kW.</source>
        <translation>Informe uma potência em kW.</translation>
    </message>
    <message>
        <source>Enter an amount of tokens.</source>
        <translation>Informe uma quantidade de tokens.</translation>
    </message>
    <message>
        <source>Enter an amount in R$ with at most two decimals, such as 1234.56.</source>
        <translation>Informe um valor em R$ com no máximo duas casas decimais, como 1.234,56.</translation>
    </message>
    <message>
        <source>Enter a power in kW with at most three decimals, such as 75.5.</source>
        <translation>Informe uma potência em kW com no máximo três casas decimais, como 75,5.</translation>
    </message>
    <message>
        <source>Enter tokens with at most three decimals, such as 1.5.</source>
        <translation>Informe os tokens com no máximo três casas decimais, como 1,5.</translation>
    </message>
    <message>
        <source>Enter an energy in kWh.</source>
        <translation>Informe a energia em kWh.</translation>
    </message>
    <message>
        <source>Enter an energy in kWh with at most three decimals, such as 350.5.</source>
        <translation>Informe a energia em kWh com no máximo três casas decimais, como 350,5.</translation>
    </message>
    <message>
        <source>Enter a price in R$ per kWh.</source>
        <translation>Informe o preço em R$ por kWh.</translation>
    </message>
    <message>
        <source>Enter a price in R$ per kWh with at most six decimals, such as 0.33.</source>
        <translation>Informe o preço em R$ por kWh com no máximo seis casas decimais, como 0,33.</translation>
    </message>
    <message>
        <source>This is too long to be an amount: type only the number, for example %1.</source>
        <translation>Isto é longo demais para ser um valor: digite só o número, por exemplo %1.</translation>
    </message>
    <message>
        <source>Type the amount without a sign (+ or −), for example %1.</source>
        <translation>Digite o valor sem sinal (+ ou −), por exemplo %1.</translation>
    </message>
    <message>
        <source>“%1” has letters: type only the number, for example %2.</source>
        <translation>“%1” tem letras: digite só o número, por exemplo %2.</translation>
    </message>
    <message>
        <source>“%1” is not an amount: type digits only, for example %2.</source>
        <translation>“%1” não é um valor: digite só algarismos, por exemplo %2.</translation>
    </message>
    <message>
        <source>The separators in “%1” do not say where the decimals begin: use one decimal separator and group thousands by three, for example %2.</source>
        <translation>Os separadores em “%1” não deixam claro onde começam os decimais: use uma só vírgula decimal e agrupe os milhares de três em três, por exemplo %2.</translation>
    </message>
    <message>
        <source>Enter your consumer-unit number, as printed on your electricity bill.</source>
        <translation>Digite o número da sua unidade consumidora, como aparece na conta de luz.</translation>
    </message>
    <message>
        <source>“%1” is not a consumer-unit number: it has only digits, sometimes grouped by dots, dashes, spaces or a slash, as printed on your electricity bill.</source>
        <translation>“%1” não é um número de unidade consumidora: ele tem só algarismos, às vezes separados por pontos, traços, espaços ou uma barra, como aparece na conta de luz.</translation>
    </message>
    <message>
        <source>A consumer-unit number has at least %1 digits; “%2” has fewer. Copy it from your electricity bill.</source>
        <translation>O número da unidade consumidora tem pelo menos %1 algarismos; “%2” tem menos. Copie-o da sua conta de luz.</translation>
    </message>
    <message>
        <source>A consumer-unit number has at most %1 digits; “%2” has more. Copy only that number from your electricity bill.</source>
        <translation>O número da unidade consumidora tem no máximo %1 algarismos; “%2” tem mais. Copie só esse número da sua conta de luz.</translation>
    </message>
</context>
<context>
    <name>models::MemberModel</name>
    <message>
        <source>Member</source>
        <translation>Membro</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Distribuidora</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Cota</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Participação</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>Membro desde</translation>
    </message>
</context>
<context>
    <name>models::Notifier</name>
    <message>
        <source>New vote</source>
        <translation>Nova votação</translation>
    </message>
    <message>
        <source>Vote closing soon</source>
        <translation>Votação encerrando em breve</translation>
    </message>
    <message>
        <source>Campaign funded</source>
        <translation>Campanha financiada</translation>
    </message>
    <message>
        <source>%1 is fully funded</source>
        <translation>%1 está totalmente financiada</translation>
    </message>
    <message>
        <source>Campaign ended</source>
        <translation>Campanha encerrada</translation>
    </message>
    <message>
        <source>%1 did not reach its cost</source>
        <translation>%1 não atingiu o custo</translation>
    </message>
    <message>
        <source>New offer</source>
        <translation>Nova oferta</translation>
    </message>
    <message>
        <source>%1 made you an offer</source>
        <translation>%1 fez uma oferta para você</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Boas-vindas</translation>
    </message>
    <message>
        <source>The members admitted you to %1.</source>
        <translation>Os membros aprovaram sua entrada em %1.</translation>
    </message>
</context>
<context>
    <name>models::OfferModel</name>
    <message>
        <source>Sells %1 of quota</source>
        <translation>Vende %1 de cota</translation>
    </message>
    <message>
        <source>Buys %1 of quota</source>
        <translation>Compra %1 de cota</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nº</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Oferta</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Vence em</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
</context>
<context>
    <name>models::PlantModel</name>
    <message>
        <source>No.</source>
        <translation>Nº</translation>
    </message>
    <message>
        <source>Plant</source>
        <translation>Usina</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fonte</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Potência</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Custo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Funded</source>
        <translation>Financiado</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Distribuidora</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Microgeneration</source>
        <translation>Microgeração</translation>
    </message>
    <message>
        <source>Minigeneration</source>
        <translation>Minigeração</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
</context>
<context>
    <name>models::ReferendumModel</name>
    <message>
        <source>Not voted</source>
        <translation>Não votou</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nº</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pergunta</translation>
    </message>
    <message>
        <source>Closes in</source>
        <translation>Encerra em</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>Necessários</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>My vote</source>
        <translation>Meu voto</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 %</source>
        <translation>%1: %2 %</translation>
    </message>
    <message>
        <source>No values to show.</source>
        <translation>Nenhum valor a mostrar.</translation>
    </message>
</context>
<context>
    <name>ui::AboutButton</name>
    <message>
        <source>Version, license and build details</source>
        <translation>Versão, licença e detalhes da compilação</translation>
    </message>
    <message>
        <source>About &amp;Rateio</source>
        <translation>&amp;Sobre o Rateio</translation>
    </message>
</context>
<context>
    <name>ui::AboutDialog</name>
    <message>
        <source>Version: %1</source>
        <translation>Versão: %1</translation>
    </message>
    <message>
        <source>Commit: %1</source>
        <translation>Commit: %1</translation>
    </message>
    <message>
        <source>Build: %1, %2</source>
        <translation>Compilação: %1, %2</translation>
    </message>
    <message>
        <source>Qt: built with %1, running on %2</source>
        <translation>Qt: compilado com %1, rodando no %2</translation>
    </message>
    <message>
        <source>System: %1 (%2)</source>
        <translation>Sistema: %1 (%2)</translation>
    </message>
    <message>
        <source>About Rateio</source>
        <translation>Sobre o Rateio</translation>
    </message>
    <message>
        <source>Rateio %1</source>
        <translation>Rateio %1</translation>
    </message>
    <message>
        <source>Rateio is free software: you can redistribute it and modify it under the terms of the %1, version 3 or (at your option) any later version. It comes with no warranty.</source>
        <translation>O Rateio é software livre: você pode redistribuí-lo e modificá-lo nos termos da %1, versão 3 ou (a seu critério) qualquer versão posterior. Ele vem sem nenhuma garantia.</translation>
    </message>
    <message>
        <source>GNU General Public License</source>
        <translation>Licença Pública Geral GNU</translation>
    </message>
    <message>
        <source>This build</source>
        <translation>Esta compilação</translation>
    </message>
    <message>
        <source>Home page</source>
        <translation>Página do projeto</translation>
    </message>
    <message>
        <source>Report a problem</source>
        <translation>Relatar um problema</translation>
    </message>
    <message>
        <source>The shared solar group on your desktop: votes, crowdfunding, quotas and trades, recorded by the group itself.</source>
        <translation>O grupo de energia solar compartilhada no seu computador: votações, financiamento coletivo, cotas e trocas, registrados pelo próprio grupo.</translation>
    </message>
    <message>
        <source>&amp;Copy build details</source>
        <translation>&amp;Copiar detalhes da compilação</translation>
    </message>
</context>
<context>
    <name>ui::ActivityPage</name>
    <message>
        <source>Export activity</source>
        <translation>Exportar atividade</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 salvo.</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>Não foi possível salvar o arquivo: %1</translation>
    </message>
    <message>
        <source>Search the activity</source>
        <translation>Buscar na atividade</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Tudo</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Atividade</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;De</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Até</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>E&amp;xportar CSV…</translation>
    </message>
    <message>
        <source>This computer started from a verified copy of the group&apos;s records as they were on %1. The activity before that is being fetched from the other members&apos; computers and checked; it appears here as it arrives.</source>
        <translation>Este computador começou com uma cópia conferida dos registros do grupo como estavam em %1. A atividade anterior está sendo buscada nos computadores dos outros membros e conferida; ela aparece aqui à medida que chega.</translation>
    </message>
</context>
<context>
    <name>ui::BillCheckDialog</name>
    <message>
        <source>Check a bill</source>
        <translation>Conferir a conta</translation>
    </message>
    <message>
        <source>Type the figures of your electricity bill. Rateio compares them with its own account of the month and explains each difference, with the rule it rests on. The bill stays on this computer.</source>
        <translation>Digite os números da sua conta de luz. O Rateio compara com a própria conta do mês e explica cada diferença, com a regra em que ela se baseia. A conta fica só neste computador.</translation>
    </message>
    <message>
        <source>kWh, as on the bill, e.g. 350</source>
        <translation>kWh, como na conta, ex.: 350</translation>
    </message>
    <message>
        <source>kWh, the energy injected or credit used</source>
        <translation>kWh, a energia injetada ou os créditos usados</translation>
    </message>
    <message>
        <source>kWh, if the bill shows it</source>
        <translation>kWh, se a conta mostrar</translation>
    </message>
    <message>
        <source>R$, TUSD and TE lines without taxes, if shown</source>
        <translation>R$, linhas de TUSD e TE sem tributos, se houver</translation>
    </message>
    <message>
        <source>R$, if the bill shows a Fio B line</source>
        <translation>R$, se a conta tiver uma linha de Fio B</translation>
    </message>
    <message>
        <source>Bill of the &amp;month</source>
        <translation>Conta do &amp;mês</translation>
    </message>
    <message>
        <source>&amp;Consumption</source>
        <translation>&amp;Consumo</translation>
    </message>
    <message>
        <source>Energy c&amp;ompensated</source>
        <translation>Energia com&amp;pensada</translation>
    </message>
    <message>
        <source>Credit &amp;balance</source>
        <translation>&amp;Saldo de créditos</translation>
    </message>
    <message>
        <source>Charge for &amp;energy, without taxes</source>
        <translation>Valor da &amp;energia, sem tributos</translation>
    </message>
    <message>
        <source>&amp;Fio B on compensated energy</source>
        <translation>&amp;Fio B sobre a energia compensada</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>Confe&amp;rir</translation>
    </message>
    <message>
        <source>Fo&amp;rget this bill</source>
        <translation>Es&amp;quecer esta conta</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Diferenças</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Rateio expects</source>
        <translation>O Rateio espera</translation>
    </message>
    <message>
        <source>The bill says</source>
        <translation>A conta diz</translation>
    </message>
    <message>
        <source>Rests on</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Your energy account starts when you become a member of the group: there is no month to check yet.</source>
        <translation>A sua conta de energia começa quando você vira membro do grupo: ainda não há mês para conferir.</translation>
    </message>
    <message>
        <source>A bill compensates at most the month&apos;s consumption (%1): check the energy compensated you typed.</source>
        <translation>Uma conta compensa no máximo o consumo do mês (%1): confira a energia compensada que você digitou.</translation>
    </message>
    <message>
        <source>Kept on this computer: choose %1 again to see or change it.</source>
        <translation>Guardada neste computador: escolha %1 de novo para ver ou mudar.</translation>
    </message>
    <message>
        <source>The bill agrees with the group&apos;s record for %1.</source>
        <translation>A conta confere com o registro do grupo para %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) between the bill and the group&apos;s record:</source>
        <translation>
            <numerusform>%n diferença entre a conta e o registro do grupo:</numerusform>
            <numerusform>%n diferenças entre a conta e o registro do grupo:</numerusform>
        </translation>
    </message>
    <message>
        <source>Forget this bill</source>
        <translation>Esquecer esta conta</translation>
    </message>
    <message>
        <source>Forget the figures you typed for the bill of %1? The group&apos;s record does not change.</source>
        <translation>Esquecer os números que você digitou da conta de %1? O registro do grupo não muda.</translation>
    </message>
    <message>
        <source>The bill of %1 is forgotten.</source>
        <translation>A conta de %1 foi esquecida.</translation>
    </message>
    <message>
        <source>Save the letter for the ombudsman</source>
        <translation>Salvar a carta para a ouvidoria</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Letter for the ombudsman</source>
        <translation>Carta para a ouvidoria</translation>
    </message>
    <message>
        <source>Saved %1. Send it to the utility&apos;s ombudsman (ouvidoria) with a copy of the bill.</source>
        <translation>Salvo %1. Envie à ouvidoria da distribuidora com uma cópia da conta.</translation>
    </message>
    <message>
        <source>Save a &amp;letter for the ombudsman (PDF)…</source>
        <translation>Salvar uma carta para a &amp;ouvidoria (PDF)…</translation>
    </message>
</context>
<context>
    <name>ui::ChartPanel</name>
    <message>
        <source>Month</source>
        <translation>Mês</translation>
    </message>
</context>
<context>
    <name>ui::Confirm</name>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Sim</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Não</translation>
    </message>
</context>
<context>
    <name>ui::CrowdfundingPage</name>
    <message>
        <source>Your pledge was withdrawn.</source>
        <translation>Sua contribuição foi retirada.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>%1 pledged of %2 · %3 still missing</source>
        <translation>%1 arrecadados de %2 · faltam %3</translation>
    </message>
    <message>
        <source>Closes in %1</source>
        <translation>Encerra em %1</translation>
    </message>
    <message>
        <source>My pledge: %1</source>
        <translation>Minha contribuição: %1</translation>
    </message>
    <message>
        <source>You have not pledged. The minimum is %1.</source>
        <translation>Você ainda não contribuiu. O mínimo é %1.</translation>
    </message>
    <message>
        <source>Amount in R$</source>
        <translation>Valor em R$</translation>
    </message>
    <message>
        <source>The minimum pledge is %1.</source>
        <translation>A contribuição mínima é %1.</translation>
    </message>
    <message>
        <source>Only %1 is still missing; pledge at most that.</source>
        <translation>Faltam só %1; contribua com no máximo esse valor.</translation>
    </message>
    <message>
        <source>Your pledge of %1 is recorded.</source>
        <translation>Sua contribuição de %1 foi registrada.</translation>
    </message>
    <message>
        <source>No campaign is open. A plant approved by vote opens one.</source>
        <translation>Nenhuma campanha aberta. Uma usina aprovada em votação abre uma.</translation>
    </message>
    <message>
        <source>Crowdfunding</source>
        <translation>Financiamento coletivo</translation>
    </message>
    <message>
        <source>Amount to pledge to %1, in R$</source>
        <translation>Valor da contribuição para %1, em R$</translation>
    </message>
    <message>
        <source>Funding of %1</source>
        <translation>Financiamento de %1</translation>
    </message>
    <message>
        <source>Change your pledge to %1 from %2 to %3?</source>
        <translation>Mudar sua contribuição para %1 de %2 para %3?</translation>
    </message>
    <message>
        <source>Pledge %1 to %2?</source>
        <translation>Contribuir com %1 para %2?</translation>
    </message>
    <message>
        <source>This completes the cost: the campaign closes at once and the pledge can no longer be changed or withdrawn.</source>
        <translation>Isto completa o custo: a campanha encerra na hora e a contribuição não poderá mais ser mudada nem retirada.</translation>
    </message>
    <message>
        <source>You can change or withdraw it while the campaign is open.</source>
        <translation>Você pode mudá-la ou retirá-la enquanto a campanha estiver aberta.</translation>
    </message>
    <message>
        <source>Confirm your pledge</source>
        <translation>Confirme sua contribuição</translation>
    </message>
    <message>
        <source>Withdraw your pledge</source>
        <translation>Retirar sua contribuição</translation>
    </message>
    <message>
        <source>Withdraw your pledge of %1 from %2? You can pledge again while the campaign is open.</source>
        <translation>Retirar sua contribuição de %1 para %2? Você pode contribuir de novo enquanto a campanha estiver aberta.</translation>
    </message>
    <message>
        <source>Members of the plant&apos;s utility pledge money to build it. When the pledges reach the cost the campaign closes, and each funder later receives quota and tokens in proportion to their pledge. Payment happens outside the app; the group&apos;s shared record keeps the pledges.</source>
        <translation>Os membros atendidos pela distribuidora da usina contribuem com dinheiro para construí-la. Quando as contribuições atingem o custo, a campanha se encerra e, depois, cada financiador recebe cota e tokens na proporção do que contribuiu. O pagamento é feito fora do aplicativo; o registro compartilhado do grupo guarda as contribuições.</translation>
    </message>
    <message>
        <source>&amp;Change pledge</source>
        <translation>&amp;Alterar contribuição</translation>
    </message>
    <message>
        <source>&amp;Pledge</source>
        <translation>&amp;Contribuir</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Retirar</translation>
    </message>
</context>
<context>
    <name>ui::EnergyPage</name>
    <message>
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <source>My credit balance</source>
        <translation>Meu saldo de créditos</translation>
    </message>
    <message>
        <source>Latest month on record</source>
        <translation>Último mês registrado</translation>
    </message>
    <message>
        <source>Estimated savings</source>
        <translation>Economia estimada</translation>
    </message>
    <message>
        <source>Credit lost to expiry</source>
        <translation>Créditos perdidos por expiração</translation>
    </message>
    <message>
        <source>Allocated to me and consumed, month by month</source>
        <translation>Alocado para mim e consumido, mês a mês</translation>
    </message>
    <message>
        <source>My credit: banked, used and balance</source>
        <translation>Meus créditos: acumulados, usados e saldo</translation>
    </message>
    <message>
        <source>Credit and when it expires</source>
        <translation>Créditos e quando expiram</translation>
    </message>
    <message>
        <source>Month by month</source>
        <translation>Mês a mês</translation>
    </message>
    <message>
        <source>Banked in</source>
        <translation>Acumulado em</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédito</translation>
    </message>
    <message>
        <source>Usable until</source>
        <translation>Válido até</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mês</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Consumido</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>Alocado</translation>
    </message>
    <message>
        <source>Credit used</source>
        <translation>Crédito usado</translation>
    </message>
    <message>
        <source>Credit banked</source>
        <translation>Crédito acumulado</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirado</translation>
    </message>
    <message>
        <source>Net savings</source>
        <translation>Economia líquida</translation>
    </message>
    <message>
        <source>Record a reading</source>
        <translation>Registrar uma leitura</translation>
    </message>
    <message>
        <source>as on the bill, e.g. 350</source>
        <translation>como na conta, ex.: 350</translation>
    </message>
    <message>
        <source>Watch-only: you see the group&apos;s lista de rateio; members see their own credits here.</source>
        <translation>Somente leitura: você vê a lista de rateio do grupo; os membros veem aqui os próprios créditos.</translation>
    </message>
    <message>
        <source>Once you are a member, the energy the group&apos;s plants allocate to you shows here.</source>
        <translation>Quando você for membro, a energia que as usinas do grupo alocam para você aparece aqui.</translation>
    </message>
    <message>
        <source>Consumer unit %1 · %2 · credit valid for 60 months, used oldest first</source>
        <translation>Unidade consumidora %1 · %2 · créditos válidos por 60 meses, usados dos mais antigos para os mais novos</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecida</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of it expires within 12 months</source>
        <translation>%1 dele expira em até 12 meses</translation>
    </message>
    <message>
        <source>Consumed %1, allocated %2</source>
        <translation>Consumo de %1, alocação de %2</translation>
    </message>
    <message>
        <source>No reading recorded yet</source>
        <translation>Nenhuma leitura registrada ainda</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 em %2</translation>
    </message>
    <message>
        <source>At your tariff, set in Settings</source>
        <translation>Pela sua tarifa, definida em Configurações</translation>
    </message>
    <message>
        <source>No credit waiting to be used</source>
        <translation>Nenhum crédito aguardando uso</translation>
    </message>
    <message>
        <source>Next to expire: %1 at the end of %2</source>
        <translation>Próximo a expirar: %1 no fim de %2</translation>
    </message>
    <message>
        <source>Banked</source>
        <translation>Acumulado</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Usado</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>não registrado</translation>
    </message>
    <message>
        <source>My consumption</source>
        <translation>Meu consumo</translation>
    </message>
    <message>
        <source>Generation of %1</source>
        <translation>Geração de %1</translation>
    </message>
    <message>
        <source>%1 (minimum %2)</source>
        <translation>%1 (mínimo de %2)</translation>
    </message>
    <message>
        <source>Only members record readings.</source>
        <translation>Só membros registram leituras.</translation>
    </message>
    <message>
        <source>There is no month with energy data to put in a statement.</source>
        <translation>Não há mês com dados de energia para gerar um extrato.</translation>
    </message>
    <message>
        <source>Nobody holds quota yet: there is no lista de rateio.</source>
        <translation>Ninguém tem cota ainda: não há lista de rateio.</translation>
    </message>
    <message>
        <source>Generation of %1 recorded: %2.</source>
        <translation>Geração de %1 registrada: %2.</translation>
    </message>
    <message>
        <source>The meter reading date must be in %1 or later: a bill is read after its month begins.</source>
        <translation>A data da leitura deve ser em %1 ou depois: a conta é lida depois que o mês começa.</translation>
    </message>
    <message>
        <source>The meter reading date cannot be in the future.</source>
        <translation>A data da leitura não pode estar no futuro.</translation>
    </message>
    <message>
        <source>Consumption of %1 recorded: %2.</source>
        <translation>Consumo de %1 registrado: %2.</translation>
    </message>
    <message>
        <source>Only members have a statement.</source>
        <translation>Só membros têm extrato.</translation>
    </message>
    <message>
        <source>Energy statement — %1</source>
        <translation>Extrato de energia — %1</translation>
    </message>
    <message>
        <source>Save statement</source>
        <translation>Salvar extrato</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 salvo.</translation>
    </message>
    <message>
        <source>Save lista de rateio</source>
        <translation>Salvar lista de rateio</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Energy credits</source>
        <translation>Créditos de energia</translation>
    </message>
    <message>
        <source>Tariff flag</source>
        <translation>Bandeira tarifária</translation>
    </message>
    <message>
        <source>Recorded for %1 (the latest one counts):</source>
        <translation>Leituras registradas para %1 (vale a mais recente):</translation>
    </message>
    <message>
        <source>• %1, recorded on %2</source>
        <translation>• %1, registrada em %2</translation>
    </message>
    <message>
        <source>This replaces the %1 recorded for %2 with %3. The earlier reading stays in the history. Record %3?</source>
        <translation>Isto substitui os %1 registrados para %2 por %3. A leitura anterior continua no histórico. Registrar %3?</translation>
    </message>
    <message>
        <source>This replaces the generation of %1 recorded for %2 with %3. The earlier reading stays in the history. Record %3?</source>
        <translation>Isto substitui a geração de %1 registrada para %2 por %3. A leitura anterior continua no histórico. Registrar %3?</translation>
    </message>
    <message>
        <source>Replace the reading</source>
        <translation>Substituir a leitura</translation>
    </message>
    <message>
        <source>Your energy account starts when you become a member of the group.</source>
        <translation>Sua conta de energia começa quando você se torna membro do grupo.</translation>
    </message>
    <message>
        <source>Nothing to draw yet: the chart starts with the first month that has a reading of your consumption or energy allocated to you.</source>
        <translation>Ainda não há o que mostrar: o gráfico começa no primeiro mês com uma leitura do seu consumo ou com energia destinada a você.</translation>
    </message>
    <message>
        <source>Credit and &amp;when it expires</source>
        <translation>Créditos e &amp;quando expiram</translation>
    </message>
    <message>
        <source>Month &amp;by month</source>
        <translation>Mês &amp;a mês</translation>
    </message>
    <message>
        <source>Read&amp;ing of</source>
        <translation>Leitura &amp;de</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Mês</translation>
    </message>
    <message>
        <source>Energy (&amp;kWh)</source>
        <translation>Energia (&amp;kWh)</translation>
    </message>
    <message>
        <source>Me&amp;ter read on</source>
        <translation>Da&amp;ta da leitura</translation>
    </message>
    <message>
        <source>C&amp;onnection</source>
        <translation>&amp;Ligação</translation>
    </message>
    <message>
        <source>R&amp;ecord reading</source>
        <translation>&amp;Registrar leitura</translation>
    </message>
    <message>
        <source>Mo&amp;nthly statement</source>
        <translation>E&amp;xtrato mensal</translation>
    </message>
    <message>
        <source>&amp;Save statement (PDF)…</source>
        <translation>Sal&amp;var extrato (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Lista de rateio for the utility</source>
        <translation>L&amp;ista de rateio para a distribuidora</translation>
    </message>
    <message>
        <source>&amp;CSV…</source>
        <translation>&amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation>&amp;PDF…</translation>
    </message>
    <message>
        <source>Show &amp;allocation as table</source>
        <translation>Mostrar &amp;energia alocada em tabela</translation>
    </message>
    <message>
        <source>Show &amp;allocation as chart</source>
        <translation>Mostrar &amp;energia alocada em gráfico</translation>
    </message>
    <message>
        <source>S&amp;how credit as table</source>
        <translation>Mostrar crédit&amp;o em tabela</translation>
    </message>
    <message>
        <source>S&amp;how credit as chart</source>
        <translation>Mostrar crédit&amp;o em gráfico</translation>
    </message>
    <message>
        <source>Energy charge</source>
        <translation>Valor da energia</translation>
    </message>
    <message>
        <source>Your bill</source>
        <translation>Sua conta</translation>
    </message>
    <message>
        <source>Double-click a month to check its bill.</source>
        <translation>Clique duas vezes num mês para conferir a conta dele.</translation>
    </message>
    <message>
        <source>Bills and documents</source>
        <translation>Contas e documentos</translation>
    </message>
    <message>
        <source>Check &amp;your bill…</source>
        <translation>Con&amp;ferir a conta…</translation>
    </message>
    <message>
        <source>Type your electricity bill&apos;s figures: Rateio compares them with the group&apos;s record and explains each difference.</source>
        <translation>Digite os números da sua conta de luz: o Rateio compara com o registro do grupo e explica cada diferença.</translation>
    </message>
    <message>
        <source>You are no longer a member of the group. %1</source>
        <translation>Você não é mais membro do grupo. %1</translation>
    </message>
    <message>
        <source>Your energy account starts when you become a member of the group: there is no bill to check yet.</source>
        <translation>A sua conta de energia começa quando você vira membro do grupo: ainda não há conta para conferir.</translation>
    </message>
</context>
<context>
    <name>ui::FirstRunWizard</name>
    <message>
        <source>The invitation is for the group “%1”.</source>
        <translation>O convite é para o grupo “%1”.</translation>
    </message>
    <message>
        <source>You are invited to join “%1”.</source>
        <translation>Você recebeu um convite para entrar no grupo “%1”.</translation>
    </message>
    <message>
        <source>The invitation has no group id. Ask the member who invited you to send it again.</source>
        <translation>O convite não traz o identificador do grupo. Peça a quem convidou você que o envie de novo.</translation>
    </message>
    <message>
        <source>The invitation has no address of a computer of the group. Ask the member who invited you to send it again.</source>
        <translation>O convite não traz o endereço de nenhum computador do grupo. Peça a quem convidou você que o envie de novo.</translation>
    </message>
    <message>
        <source>This is not a Rateio invitation link: it should start with rateio:</source>
        <translation>Isto não é um link de convite do Rateio: ele deveria começar com rateio:</translation>
    </message>
    <message>
        <source>The group&apos;s name in the invitation is too long or holds characters that cannot be shown. Ask the member who invited you to send it again.</source>
        <translation>O nome do grupo no convite é longo demais ou tem caracteres que não podem ser exibidos. Peça a quem convidou você que o envie de novo.</translation>
    </message>
    <message>
        <source>This is too long to be a Rateio invitation.</source>
        <translation>Isto é longo demais para ser um convite do Rateio.</translation>
    </message>
    <message>
        <source>The invitation file &quot;%1&quot; could not be opened. Check that it is still there.</source>
        <translation>Não foi possível abrir o arquivo de convite &quot;%1&quot;. Verifique se ele ainda está no mesmo lugar.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; is not a Rateio invitation.</source>
        <translation>O arquivo &quot;%1&quot; não é um convite do Rateio.</translation>
    </message>
    <message>
        <source>The group id in the box differs from the one in the invitation. Clear the group id box and paste the invitation again.</source>
        <translation>O identificador do grupo no campo é diferente do que está no convite. Apague o campo do identificador e cole o convite de novo.</translation>
    </message>
    <message>
        <source>Welcome to Rateio</source>
        <translation>Bem-vindo ao Rateio</translation>
    </message>
    <message>
        <source>Choose your language. You can change it later in Settings.</source>
        <translation>Escolha o idioma. Você pode mudá-lo depois em Configurações.</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>O que você quer fazer?</translation>
    </message>
    <message>
        <source>You become its founder, its first member and its validator.</source>
        <translation>Você será o fundador, o primeiro membro e o validador do grupo.</translation>
    </message>
    <message>
        <source>Use the group id and peer addresses a member sent you. The members then vote on your admission.</source>
        <translation>Use o identificador do grupo e os endereços que um membro enviou a você. Depois, os membros votam a sua admissão.</translation>
    </message>
    <message>
        <source>Follow a group watch-only</source>
        <translation>Acompanhar um grupo só para consulta</translation>
    </message>
    <message>
        <source>For the utility and the regulator: quotas and plants, no names, no wallet needed.</source>
        <translation>Para a distribuidora e o regulador: cotas e usinas, sem nomes e sem carteira.</translation>
    </message>
    <message>
        <source>A group full of members, plants, votes and offers, to try every screen. Nothing you do there is real.</source>
        <translation>Um grupo cheio de membros, usinas, votações e ofertas para experimentar todas as telas. Nada do que você fizer ali é real.</translation>
    </message>
    <message>
        <source>Your wallet</source>
        <translation>Sua carteira</translation>
    </message>
    <message>
        <source>Your wallet holds the key that signs your votes, pledges and trades. It is kept on this computer, locked by a passphrase.</source>
        <translation>Sua carteira guarda a chave que assina seus votos, contribuições e trocas. Ela fica neste computador, protegida por uma frase-senha.</translation>
    </message>
    <message>
        <source>Create your wallet</source>
        <translation>Crie sua carteira</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least %1 characters. Nobody can recover it for you.</source>
        <translation>Escolha uma frase-senha com pelo menos %1 caracteres. Ninguém consegue recuperá-la para você.</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>Use pelo menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>As duas frases-senha são diferentes.</translation>
    </message>
    <message>
        <source>Save the wallet backup</source>
        <translation>Salvar a cópia de segurança da carteira</translation>
    </message>
    <message>
        <source>Wallet backups (*.wallet)</source>
        <translation>Cópias de segurança de carteira (*.wallet)</translation>
    </message>
    <message>
        <source>Back up your wallet</source>
        <translation>Faça a cópia de segurança da carteira</translation>
    </message>
    <message>
        <source>If this computer breaks, the backup file and your passphrase are the only way back to your quota and tokens. Save the backup on a pen drive or another computer.</source>
        <translation>Se este computador estragar, a cópia de segurança e a sua frase-senha são o único caminho de volta para sua cota e seus tokens. Salve a cópia em um pen drive ou em outro computador.</translation>
    </message>
    <message>
        <source>Where to save the backup</source>
        <translation>Onde salvar a cópia de segurança</translation>
    </message>
    <message>
        <source>Open a wallet backup</source>
        <translation>Abrir uma cópia de segurança de carteira</translation>
    </message>
    <message>
        <source>Restore your wallet</source>
        <translation>Restaure sua carteira</translation>
    </message>
    <message>
        <source>Create your group</source>
        <translation>Crie seu grupo</translation>
    </message>
    <message>
        <source>for example Condomínio Sol Nascente</source>
        <translation>por exemplo Condomínio Sol Nascente</translation>
    </message>
    <message>
        <source>for example Light, Enel, Cemig</source>
        <translation>por exemplo Light, Enel, Cemig</translation>
    </message>
    <message>
        <source>Enter the group&apos;s name.</source>
        <translation>Informe o nome do grupo.</translation>
    </message>
    <message>
        <source>Enter your full name and your consumer unit.</source>
        <translation>Informe seu nome completo e sua unidade consumidora.</translation>
    </message>
    <message>
        <source>Enter your distribution utility.</source>
        <translation>Informe a sua distribuidora.</translation>
    </message>
    <message>
        <source>Create or restore a wallet first.</source>
        <translation>Crie ou restaure uma carteira primeiro.</translation>
    </message>
    <message>
        <source>The group could not be created: %1</source>
        <translation>Não foi possível criar o grupo: %1</translation>
    </message>
    <message>
        <source>Join a group</source>
        <translation>Entrar em um grupo</translation>
    </message>
    <message>
        <source>The utility&apos;s view: public data only, no wallet needed.</source>
        <translation>A visão da distribuidora: só dados públicos, sem carteira.</translation>
    </message>
    <message>
        <source>After you ask to join, the members vote on your admission; the app shows the vote as pending.</source>
        <translation>Depois do seu pedido, os membros votam a sua admissão; o aplicativo mostra a votação como pendente.</translation>
    </message>
    <message>
        <source>Rateio — first start</source>
        <translation>Rateio — primeiro uso</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Avançar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Concluir</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>64 letters and digits, from the invitation</source>
        <translation>64 letras e números, do convite</translation>
    </message>
    <message>
        <source>for example 192.168.0.20:26656 — or paste the whole invitation here</source>
        <translation>por exemplo 192.168.0.20:26656 — ou cole aqui o convite inteiro</translation>
    </message>
    <message>
        <source>Enter the group id from the invitation.</source>
        <translation>Informe o identificador do grupo que está no convite.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a group id: it has 64 letters (a to f) and digits.</source>
        <translation>&quot;%1&quot; não é um identificador de grupo: ele tem 64 letras (de a a f) e números.</translation>
    </message>
    <message>
        <source>The computers at those addresses belong to another group. Check the invitation.</source>
        <translation>Os computadores nesses endereços pertencem a outro grupo. Confira o convite.</translation>
    </message>
    <message>
        <source>No computer of the group answered. Check the addresses and that the member who invited you has Rateio running, then try again.</source>
        <translation>Nenhum computador do grupo respondeu. Confira os endereços e se o membro que convidou você está com o Rateio aberto, e tente de novo.</translation>
    </message>
    <message>
        <source>The group could not be opened: %1</source>
        <translation>Não foi possível abrir o grupo: %1</translation>
    </message>
    <message>
        <source>This computer becomes the group&apos;s first validator and your neighbours can join it with an invitation. Your name and consumer unit are sealed: only the group&apos;s members can read them.</source>
        <translation>Este computador passa a ser o primeiro validador do grupo, e seus vizinhos podem entrar com um convite. Seu nome e sua unidade consumidora ficam lacrados: só os membros do grupo conseguem lê-los.</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dias</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <source>A vote may last from 1 hour to 365 days, a campaign from 1 to 730 days. The group can change both later by referendum.</source>
        <translation>Uma votação pode durar de 1 hora a 365 dias; uma campanha, de 1 a 730 dias. O grupo pode mudar os dois prazos depois, por votação.</translation>
    </message>
    <message>
        <source>A vote may last from 1 hour to 365 days.</source>
        <translation>Uma votação pode durar de 1 hora a 365 dias.</translation>
    </message>
    <message>
        <source>This is the backup of the wallet “%1”.</source>
        <translation>Esta é a cópia de segurança da carteira “%1”.</translation>
    </message>
    <message>
        <source>Backup saved to %1 and checked: it opens with your passphrase. Now confirm below.</source>
        <translation>Cópia de segurança salva em %1 e conferida: ela abre com a sua frase-senha. Agora confirme abaixo.</translation>
    </message>
    <message>
        <source>The backup could not be saved: %1</source>
        <translation>Não foi possível salvar a cópia de segurança: %1</translation>
    </message>
    <message>
        <source>That passphrase does not open this backup. Check it and try again.</source>
        <translation>Essa frase-senha não abre esta cópia de segurança. Confira e tente de novo.</translation>
    </message>
    <message>
        <source>Discard what you typed?</source>
        <translation>Descartar o que você digitou?</translation>
    </message>
    <message>
        <source>Discard what you typed? The assistant closes and what you typed on this page is lost.</source>
        <translation>Descartar o que você digitou? O assistente fecha e o que você digitou nesta página se perde.</translation>
    </message>
    <message>
        <source>&amp;Create a new group</source>
        <translation>&amp;Criar um grupo novo</translation>
    </message>
    <message>
        <source>&amp;Join a group with an invitation</source>
        <translation>&amp;Entrar em um grupo com um convite</translation>
    </message>
    <message>
        <source>Follow &amp;a group watch-only</source>
        <translation>&amp;Acompanhar um grupo só para consulta</translation>
    </message>
    <message>
        <source>&amp;Open the demo group</source>
        <translation>Abrir o &amp;grupo de demonstração</translation>
    </message>
    <message>
        <source>&amp;Create a new wallet</source>
        <translation>&amp;Criar uma carteira nova</translation>
    </message>
    <message>
        <source>&amp;Restore a wallet from a backup file</source>
        <translation>&amp;Restaurar uma carteira de um arquivo de cópia de segurança</translation>
    </message>
    <message>
        <source>&amp;Wallet name</source>
        <translation>&amp;Nome da carteira</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase-senha</translation>
    </message>
    <message>
        <source>Passphrase &amp;again</source>
        <translation>&amp;Repita a frase-senha</translation>
    </message>
    <message>
        <source>&amp;Open the existing wallet with this passphrase</source>
        <translation>&amp;Abrir a carteira existente com esta frase-senha</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Escolher…</translation>
    </message>
    <message>
        <source>&amp;Save backup</source>
        <translation>&amp;Salvar cópia</translation>
    </message>
    <message>
        <source>&amp;I saved the backup and I will remember the passphrase</source>
        <translation>Salvei &amp;a cópia de segurança e vou lembrar da frase-senha</translation>
    </message>
    <message>
        <source>B&amp;ackup file</source>
        <translation>&amp;Arquivo da cópia</translation>
    </message>
    <message>
        <source>&amp;Group name</source>
        <translation>&amp;Nome do grupo</translation>
    </message>
    <message>
        <source>&amp;Your full name</source>
        <translation>&amp;Seu nome completo</translation>
    </message>
    <message>
        <source>&amp;Consumer unit (on your electricity bill)</source>
        <translation>&amp;Unidade consumidora (na conta de luz)</translation>
    </message>
    <message>
        <source>&amp;Distribution utility</source>
        <translation>&amp;Distribuidora de energia</translation>
    </message>
    <message>
        <source>&amp;Advanced: vote and crowdfunding periods</source>
        <translation>Avançado: prazos das votações &amp;e das campanhas</translation>
    </message>
    <message>
        <source>&amp;Votes last</source>
        <translation>&amp;As votações duram</translation>
    </message>
    <message>
        <source>Crowdfunding campaigns &amp;last</source>
        <translation>As &amp;campanhas de financiamento duram</translation>
    </message>
    <message>
        <source>&amp;Test group, on this computer only: its calendar can be moved forward to try Rateio out</source>
        <translation>&amp;Grupo de teste, só neste computador: o calendário dele pode ser adiantado para experimentar o Rateio</translation>
    </message>
    <message>
        <source>Technical details: a dev group. Its node stays embedded, with this computer as the only validator, and its clock can be advanced (rateio-cli advance-clock); a networked group follows its validators&apos; real clocks.</source>
        <translation>Detalhes técnicos: um grupo de desenvolvimento (dev group). O nó dele fica embutido, com este computador como único validador, e o relógio pode ser adiantado (rateio-cli advance-clock); um grupo em rede segue os relógios reais dos validadores.</translation>
    </message>
    <message>
        <source>&amp;Group id</source>
        <translation>&amp;Identificador do grupo</translation>
    </message>
    <message>
        <source>&amp;Addresses of the group&apos;s computers (host:port, one a line)</source>
        <translation>&amp;Endereços dos computadores do grupo (host:porta, um por linha)</translation>
    </message>
    <message>
        <source>Connecting to the group&apos;s computers and fetching the start of its records…</source>
        <translation>Conectando aos computadores do grupo e buscando o início dos registros…</translation>
    </message>
    <message>
        <source>Enter at least one computer address from the invitation.</source>
        <translation>Informe pelo menos um endereço de computador do convite.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a computer&apos;s address: write it as host:port, for example 192.168.0.20:26656.</source>
        <translation>&quot;%1&quot; não é um endereço de computador: escreva como host:porta, por exemplo 192.168.0.20:26656.</translation>
    </message>
    <message>
        <source>An invitation holds at most %1 computer addresses.</source>
        <translation>Um convite traz no máximo %1 endereços de computadores.</translation>
    </message>
    <message>
        <source>The invitation&apos;s check of the group&apos;s records is damaged. Ask the member who invited you to send it again.</source>
        <translation>A parte do convite que confere os registros do grupo está danificada. Peça ao membro que convidou você para enviá-lo de novo.</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Rateio — %1</source>
        <translation>Rateio — %1</translation>
    </message>
    <message>
        <source>Rateio</source>
        <translation>Rateio</translation>
    </message>
    <message>
        <source>Watch-only: this app follows the group without a wallet, so it cannot vote, pledge or trade.</source>
        <translation>Somente leitura: este aplicativo acompanha o grupo sem carteira, por isso não pode votar, contribuir nem negociar.</translation>
    </message>
    <message numerus="yes">
        <source>Group paused: %1 of %n validator(s) online</source>
        <translation>
            <numerusform>Grupo parado: %1 de %n validador no ar</numerusform>
            <numerusform>Grupo parado: %1 de %n validadores no ar</numerusform>
        </translation>
    </message>
    <message>
        <source>A block needs the signatures of %1 of the %2 validators, so votes, pledges and trades wait until enough validators&apos; computers are on and connected. Settings shows which ones are missing.</source>
        <translation>Um bloco precisa da assinatura de %1 dos %2 validadores; por isso, votos, contribuições e trocas esperam até que computadores validadores suficientes estejam ligados e conectados. Em Configurações você vê quais estão faltando.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n validator(s) online</source>
        <translation>
            <numerusform>%1 de %n validador no ar</numerusform>
            <numerusform>%1 de %n validadores no ar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1 of %n validator(s)</source>
        <translation>
            <numerusform>Conectado a %1 de %n validador</numerusform>
            <numerusform>Conectado a %1 de %n validadores</numerusform>
        </translation>
    </message>
    <message>
        <source>This group has one validator: it works only while that computer is on. Settings → Help run the group shows how to add more.</source>
        <translation>Este grupo tem um só validador: ele só funciona enquanto esse computador está ligado. Em Configurações → Ajude a manter o grupo você vê como incluir outros.</translation>
    </message>
    <message>
        <source>A block needs the signatures of %1 of the %2 validators: the group keeps working with %3 of them off.</source>
        <translation>Um bloco precisa da assinatura de %1 dos %2 validadores: o grupo continua funcionando com até %3 deles desligados.</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>Telas</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Explains this screen in plain words (%1)</source>
        <translation>Explica esta tela em palavras simples (%1)</translation>
    </message>
    <message>
        <source>Catching up · %1</source>
        <translation>Atualizando · %1</translation>
    </message>
    <message>
        <source>Up to date · %1</source>
        <translation>Atualizado · %1</translation>
    </message>
    <message>
        <source>Block %1 of the group&apos;s shared record, written on %2.</source>
        <translation>Bloco %1 do registro compartilhado do grupo, gravado em %2.</translation>
    </message>
    <message>
        <source>On this computer only</source>
        <translation>Só neste computador</translation>
    </message>
    <message>
        <source>Looking for the group&apos;s computers…</source>
        <translation>Procurando os computadores do grupo…</translation>
    </message>
    <message>
        <source>Connected computers: %1</source>
        <translation>Computadores conectados: %1</translation>
    </message>
    <message>
        <source>Embedded node: the group is kept on this computer alone, with no connection to other computers.</source>
        <translation>Nó embutido: o grupo fica só neste computador, sem conexão com outros computadores.</translation>
    </message>
    <message>
        <source>Peers: the other computers of the group this one exchanges blocks with.</source>
        <translation>Pares (peers): os outros computadores do grupo com que este troca blocos.</translation>
    </message>
    <message>
        <source>Helping run the group</source>
        <translation>Ajudando a manter o grupo</translation>
    </message>
    <message>
        <source>Following without a wallet</source>
        <translation>Acompanhando sem carteira</translation>
    </message>
    <message>
        <source>Wallet locked</source>
        <translation>Carteira bloqueada</translation>
    </message>
    <message>
        <source>Following the group</source>
        <translation>Acompanhando o grupo</translation>
    </message>
    <message>
        <source>Validator: this computer checks and signs the group&apos;s new blocks.</source>
        <translation>Validador: este computador confere e assina os novos blocos do grupo.</translation>
    </message>
    <message>
        <source>Watch-only node: this computer checks the group&apos;s blocks but holds no wallet, so it cannot vote or trade.</source>
        <translation>Nó somente leitura: este computador confere os blocos do grupo, mas não tem carteira; por isso não pode votar nem negociar.</translation>
    </message>
    <message>
        <source>Verifying node: this computer checks every block of the group itself, but does not sign them.</source>
        <translation>Nó verificador: este computador confere ele mesmo cada bloco do grupo, mas não os assina.</translation>
    </message>
    <message>
        <source>Type the passphrase of the wallet “%1” to vote, pledge and trade.</source>
        <translation>Digite a frase-senha da carteira “%1” para votar, contribuir e fazer trocas.</translation>
    </message>
    <message>
        <source>Your wallet “%1” is locked: click “Unlock wallet…” (at the bottom of the window, or on the Overview) and type its passphrase to vote, pledge or trade.</source>
        <translation>Sua carteira “%1” está bloqueada: clique em “Desbloquear carteira…” (no pé da janela ou na Visão geral) e digite a frase-senha dela para votar, contribuir ou fazer trocas.</translation>
    </message>
    <message>
        <source>Unlock your wallet</source>
        <translation>Desbloqueie sua carteira</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Catching up with the group…</source>
        <translation>Atualizando com o grupo…</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) of the group&apos;s history left to check (blocks of its ledger)</source>
        <translation>
            <numerusform>Falta conferir %n etapa do histórico do grupo (blocos do registro)</numerusform>
            <numerusform>Faltam conferir %n etapas do histórico do grupo (blocos do registro)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for this computer to catch up with the group: %n step(s) of its history left.</source>
        <translation>
            <numerusform>Aguardando este computador se atualizar com o grupo: falta %n etapa do histórico.</numerusform>
            <numerusform>Aguardando este computador se atualizar com o grupo: faltam %n etapas do histórico.</numerusform>
        </translation>
    </message>
    <message>
        <source>A block needs the signatures of all %1 validators: the group stops whenever one of their computers is off. With 4 it survives one.</source>
        <translation>Um bloco precisa da assinatura de todos os %1 validadores: o grupo para sempre que um desses computadores está desligado. Com 4, ele aguenta um desligado.</translation>
    </message>
    <message>
        <source>Rateio could not start the group: %1</source>
        <translation>O Rateio não conseguiu abrir o grupo: %1</translation>
    </message>
    <message>
        <source>How &amp;does this work?</source>
        <translation>Como f&amp;unciona?</translation>
    </message>
    <message>
        <source>Stopped helping run the group</source>
        <translation>Parou de ajudar a manter o grupo</translation>
    </message>
    <message>
        <source>&amp;Unlock wallet…</source>
        <translation>Des&amp;bloquear carteira…</translation>
    </message>
    <message numerus="yes">
        <source>Not connected to any of the %n validator(s) yet</source>
        <translation>
            <numerusform>Ainda sem conexão com o validador</numerusform>
            <numerusform>Ainda sem conexão com nenhum dos %n validadores</numerusform>
        </translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>o disco está cheio</translation>
    </message>
    <message>
        <source>the disk reports an error</source>
        <translation>o disco informou um erro</translation>
    </message>
    <message>
        <source>Validator stopped: cannot read what it saved</source>
        <translation>Validador parado: não consegue ler o que salvou</translation>
    </message>
    <message>
        <source>Validator stopped: cannot save (%1)</source>
        <translation>Validador parado: não consegue salvar (%1)</translation>
    </message>
    <message>
        <source>This computer could not keep a safe copy of what it signs for the group, so it stopped signing: signing without that copy could let it contradict itself after a crash. The other validators carry on, and this computer still shows the group&apos;s records. Free space on the disk or replace it, then restart Rateio.</source>
        <translation>Este computador não conseguiu guardar uma cópia segura do que assina para o grupo e por isso parou de assinar: assinar sem essa cópia poderia fazê-lo se contradizer depois de uma falha. Os outros validadores continuam, e este computador continua mostrando os registros do grupo. Libere espaço no disco ou troque-o e depois abra o Rateio de novo.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Detalhes: %1</translation>
    </message>
    <message>
        <source>Paused: cannot save (%1); trying again</source>
        <translation>Em pausa: não consegue salvar (%1); tentando de novo</translation>
    </message>
    <message>
        <source>This computer cannot save the group&apos;s newest records. It tries again by itself and catches up as soon as there is space; nothing you did is lost.</source>
        <translation>Este computador não consegue salvar os registros mais novos do grupo. Ele tenta de novo sozinho e se atualiza assim que houver espaço; nada do que você fez se perde.</translation>
    </message>
    <message>
        <source>&amp;Passphrase of the wallet “%1”:</source>
        <translation>&amp;Frase-senha da carteira “%1”:</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message numerus="yes">
        <source>verified by %1 of %n validator(s)</source>
        <translation>
            <numerusform>conferido por %1 de %n validador</numerusform>
            <numerusform>conferido por %1 de %n validadores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This computer checked the signatures of %1 of the group&apos;s %n validator(s) on it: more than two thirds of them vouch for what it shows.</source>
        <translation>
            <numerusform>Este computador conferiu nele a assinatura do validador do grupo (%1 de %n), que garante o que ele mostra.</numerusform>
            <numerusform>Este computador conferiu nele as assinaturas de %1 dos %n validadores do grupo: mais de dois terços deles garantem o que ele mostra.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: validators signed two versions of the records</source>
        <translation>Parado: validadores assinaram duas versões dos registros</translation>
    </message>
    <message>
        <source>Records differ from the invitation</source>
        <translation>Registros diferentes do convite</translation>
    </message>
    <message>
        <source>This screen is not shown in light mode.

In light mode this computer keeps no copy of the group&apos;s records: it asks the group&apos;s computers to prove the members&apos; quotas and balances, the plants and the group&apos;s figures, and checks each proof against the validators&apos; signatures. Votes, pledges, offers, energy readings and the activity are not among them.

To see this screen, switch to full mode in Settings: this computer then keeps a copy of the records, starting from a verified copy of the group&apos;s present state.</source>
        <translation>Esta tela não aparece no modo leve.

No modo leve, este computador não guarda cópia dos registros do grupo: ele pede aos computadores do grupo provas das cotas e saldos dos membros, das usinas e dos números do grupo, e confere cada prova com as assinaturas dos validadores. Votações, contribuições, ofertas, leituras de energia e a atividade não estão entre elas.

Para ver esta tela, passe para o modo completo em Configurações: este computador passa a guardar uma cópia dos registros, a partir de uma cópia conferida do estado atual do grupo.</translation>
    </message>
    <message>
        <source>&amp;Open the mode in Settings</source>
        <translation>&amp;Abrir o modo em Configurações</translation>
    </message>
    <message>
        <source>Not checked yet: no computer of the group answered</source>
        <translation>Ainda não conferido: nenhum computador do grupo respondeu</translation>
    </message>
    <message>
        <source>Checking the group&apos;s figures…</source>
        <translation>Conferindo os números do grupo…</translation>
    </message>
    <message>
        <source>last check failed, trying again</source>
        <translation>a última conferência falhou; tentando de novo</translation>
    </message>
    <message numerus="yes">
        <source>Light mode: every %n minute(s) this computer asks the group&apos;s computers to prove the group&apos;s figures, members and plants, and checks the proofs against the validators&apos; signatures. It keeps no history.</source>
        <translation>
            <numerusform>Modo leve: a cada minuto este computador pede aos computadores do grupo que provem os números, os membros e as usinas do grupo, e confere as provas com as assinaturas dos validadores. Ele não guarda histórico.</numerusform>
            <numerusform>Modo leve: a cada %n minutos este computador pede aos computadores do grupo que provem os números, os membros e as usinas do grupo, e confere as provas com as assinaturas dos validadores. Ele não guarda histórico.</numerusform>
        </translation>
    </message>
    <message>
        <source>Light mode</source>
        <translation>Modo leve</translation>
    </message>
    <message>
        <source>This computer keeps no copy of the group&apos;s records: it asks the group&apos;s computers for proofs of what it shows. Settings switches to full mode.</source>
        <translation>Este computador não guarda cópia dos registros do grupo: ele pede aos computadores do grupo provas do que mostra. Em Configurações você passa para o modo completo.</translation>
    </message>
    <message>
        <source>This computer joined from the group&apos;s verified state at block %1: the activity before it is being fetched and checked.</source>
        <translation>Este computador entrou no grupo a partir do estado conferido no bloco %1: a atividade anterior está sendo buscada e conferida.</translation>
    </message>
    <message>
        <source>A second computer of the group holds the same block: they agree.</source>
        <translation>Um segundo computador do grupo tem o mesmo bloco: os dois concordam.</translation>
    </message>
</context>
<context>
    <name>ui::MembersPage</name>
    <message>
        <source>Search by name or utility</source>
        <translation>Buscar por nome ou distribuidora</translation>
    </message>
    <message>
        <source>Only members can propose changes.</source>
        <translation>Só membros podem propor mudanças.</translation>
    </message>
    <message>
        <source>Select a member first.</source>
        <translation>Selecione um membro primeiro.</translation>
    </message>
    <message>
        <source>Propose removal</source>
        <translation>Propor exclusão</translation>
    </message>
    <message>
        <source>Explain why, so the members can decide.</source>
        <translation>Explique o motivo, para que os membros possam decidir.</translation>
    </message>
    <message>
        <source>The vote on removing %1 is open.</source>
        <translation>A votação sobre a exclusão de %1 está aberta.</translation>
    </message>
    <message>
        <source>Propose a correction</source>
        <translation>Propor uma correção</translation>
    </message>
    <message>
        <source>Quota (kW)</source>
        <translation>Cota (kW)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>The vote on the correction is open.</source>
        <translation>A votação sobre a correção está aberta.</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Membros</translation>
    </message>
    <message>
        <source>Names are stored sealed: only members can read them. The utility and the regulator see codes and quotas, never names.</source>
        <translation>Os nomes ficam lacrados: só os membros conseguem lê-los. A distribuidora e o regulador veem códigos e cotas, nunca nomes.</translation>
    </message>
    <message>
        <source>Each name is encrypted in the group&apos;s shared record (its ledger) to the group&apos;s key; outsiders see the member&apos;s address, a code derived from their wallet.</source>
        <translation>Cada nome fica criptografado com a chave do grupo no registro compartilhado (o livro-razão); quem é de fora vê o endereço do membro, um código derivado da carteira dele.</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>Buscar membros</translation>
    </message>
    <message>
        <source>Propose removing %1 from the group? If the members approve, %1&apos;s quota goes to the others in proportion and their tokens are burned.</source>
        <translation>Propor a exclusão de %1 do grupo? Se os membros aprovarem, a cota de %1 é dividida entre os demais na proporção de cada um e os tokens dessa pessoa são queimados.</translation>
    </message>
    <message>
        <source>%1 of quota</source>
        <translation>%1 de cota</translation>
    </message>
    <message>
        <source>Propose moving %1 from %2 to %3?</source>
        <translation>Propor passar %1 de %2 para %3?</translation>
    </message>
    <message>
        <source>Open a vote</source>
        <translation>Abrir uma votação</translation>
    </message>
    <message>
        <source>The vote opens at once for %1 and cannot be withdrawn; the members decide.</source>
        <translation>A votação abre na hora, dura %1 e não pode ser retirada; os membros decidem.</translation>
    </message>
    <message>
        <source>&amp;Propose removal…</source>
        <translation>&amp;Propor exclusão…</translation>
    </message>
    <message>
        <source>Propose a &amp;correction…</source>
        <translation>Propor uma &amp;correção…</translation>
    </message>
    <message>
        <source>Why %1 should be removed</source>
        <translation>Motivo para excluir %1</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Para</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Transferir</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>&amp;Quantidade</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>&amp;Motivo</translation>
    </message>
    <message>
        <source>The members will vote on removing %1. If approved, their quota goes to the others in proportion and their tokens are burned.</source>
        <translation>Os membros vão votar a remoção de %1. Se aprovada, a cota dele vai para os outros em proporção e os tokens dele são queimados.</translation>
    </message>
    <message>
        <source>&amp;Explain why:</source>
        <translation>&amp;Explique o motivo:</translation>
    </message>
</context>
<context>
    <name>ui::NetworkPanel</name>
    <message>
        <source>The invitation was copied. Send it to the person you invite.</source>
        <translation>O convite foi copiado. Envie para a pessoa que você está convidando.</translation>
    </message>
    <message>
        <source>The invitation link was copied. Whoever has Rateio opens it with a click.</source>
        <translation>O link do convite foi copiado. Quem tem o Rateio abre com um clique.</translation>
    </message>
    <message>
        <source>invitation</source>
        <translation>convite</translation>
    </message>
    <message>
        <source>Save invitation</source>
        <translation>Salvar convite</translation>
    </message>
    <message>
        <source>Rateio invitations (*.rateio-invite)</source>
        <translation>Convites do Rateio (*.rateio-invite)</translation>
    </message>
    <message>
        <source>The invitation could not be saved in %1.</source>
        <translation>Não foi possível salvar o convite em %1.</translation>
    </message>
    <message>
        <source>Invitation saved to %1. Send the file: opening it starts the join in Rateio.</source>
        <translation>Convite salvo em %1. Envie o arquivo: ao abri-lo, o Rateio já começa a entrada no grupo.</translation>
    </message>
    <message>
        <source>This computer&apos;s key was copied.</source>
        <translation>A chave deste computador foi copiada.</translation>
    </message>
    <message>
        <source>Open the group to neighbours</source>
        <translation>Abrir o grupo aos vizinhos</translation>
    </message>
    <message>
        <source>This group runs on this computer only: no one else can join it yet. Open it to your neighbours and this computer becomes the group&apos;s first validator on the network. Every member, vote and balance stays as it is.</source>
        <translation>Este grupo funciona só neste computador: ninguém mais consegue entrar nele ainda. Abra o grupo aos seus vizinhos e este computador passa a ser o primeiro validador do grupo na rede. Todos os membros, votações e saldos continuam como estão.</translation>
    </message>
    <message>
        <source>Invite someone</source>
        <translation>Convidar alguém</translation>
    </message>
    <message>
        <source>Send the invitation to the person you invite, as a file, a link or text. Opening the file or the link in Rateio starts the join with everything filled in; the text is pasted in the first-run assistant under &quot;Join a group with an invitation&quot;. Then the members vote on their admission.</source>
        <translation>Envie o convite para a pessoa convidada, como arquivo, link ou texto. Ao abrir o arquivo ou o link, o Rateio começa a entrada com tudo preenchido; o texto é colado no assistente inicial, em &quot;Entrar em um grupo com um convite&quot;. Depois, os membros votam a admissão.</translation>
    </message>
    <message>
        <source>for example casa.example.com.br:26656</source>
        <translation>por exemplo casa.exemplo.com.br:26656</translation>
    </message>
    <message>
        <source>Help run the group</source>
        <translation>Ajude a manter o grupo</translation>
    </message>
    <message>
        <source>Validator</source>
        <translation>Validador</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computador</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>This computer has no address other computers can reach, and knows no other computer of the group: connect it to a network first.</source>
        <translation>Este computador não tem um endereço que outros computadores alcancem e não conhece nenhum outro computador do grupo: conecte-o a uma rede primeiro.</translation>
    </message>
    <message>
        <source>This computer&apos;s address on the internet, if you opened port %1 on the router yourself</source>
        <translation>Endereço deste computador na internet, se você mesmo abriu a porta %1 no roteador</translation>
    </message>
    <message>
        <source>Checking how other homes can reach this computer…</source>
        <translation>Verificando como outras casas podem alcançar este computador…</translation>
    </message>
    <message>
        <source>Other homes reach this computer over IPv6 (%1), if the home router lets incoming connections in.</source>
        <translation>Outras casas alcançam este computador por IPv6 (%1), se o roteador da casa deixar as conexões de fora entrarem.</translation>
    </message>
    <message>
        <source>The home router opened port %1 for Rateio (UPnP): other homes reach this computer at %2.</source>
        <translation>O roteador da casa abriu a porta %1 para o Rateio (UPnP): outras casas alcançam este computador em %2.</translation>
    </message>
    <message>
        <source>The home router opened port %1 for Rateio (NAT-PMP): other homes reach this computer at %2.</source>
        <translation>O roteador da casa abriu a porta %1 para o Rateio (NAT-PMP): outras casas alcançam este computador em %2.</translation>
    </message>
    <message>
        <source>Only computers on this home&apos;s network can reach this one: %1 To let neighbours in other homes connect, open TCP port %2 on the router to this computer and write the router&apos;s public address below, or add an always-on computer as a validator (Help run the group).</source>
        <translation>Só os computadores da rede desta casa conseguem alcançar este: %1 Para que vizinhos de outras casas se conectem, abra a porta TCP %2 no roteador para este computador e escreva abaixo o endereço público do roteador, ou inclua um computador sempre ligado como validador (Ajude a manter o grupo).</translation>
    </message>
    <message>
        <source>Neighbours on this network find this computer by themselves.</source>
        <translation>Vizinhos nesta rede encontram este computador sozinhos.</translation>
    </message>
    <message>
        <source>Neighbours on this network need the invitation: the Avahi service that lets them find this computer is not running.</source>
        <translation>Vizinhos nesta rede precisam do convite: o serviço Avahi, que permite que eles encontrem este computador, não está funcionando.</translation>
    </message>
    <message>
        <source>no router answered the request to open a port.</source>
        <translation>nenhum roteador respondeu ao pedido para abrir uma porta.</translation>
    </message>
    <message>
        <source>the router refused to open a port (its answer: %1).</source>
        <translation>o roteador recusou abrir uma porta (resposta dele: %1).</translation>
    </message>
    <message>
        <source>the router did not answer in time.</source>
        <translation>o roteador não respondeu a tempo.</translation>
    </message>
    <message>
        <source>the internet provider shares one public address among many homes (CGNAT), so no port can be opened here.</source>
        <translation>o provedor de internet divide um mesmo endereço público entre muitas casas (CGNAT), então não dá para abrir uma porta aqui.</translation>
    </message>
    <message>
        <source>the router opened no port.</source>
        <translation>o roteador não abriu nenhuma porta.</translation>
    </message>
    <message numerus="yes">
        <source>The group has %n validator(s)</source>
        <translation>
            <numerusform>O grupo tem %n validador</numerusform>
            <numerusform>O grupo tem %n validadores</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 online.</source>
        <translation>%1 no ar.</translation>
    </message>
    <message>
        <source>this computer is connected to %1 of them.</source>
        <translation>este computador está conectado a %1 deles.</translation>
    </message>
    <message>
        <source>With one validator the group stops whenever that computer is off: votes, pledges and trades wait until it is back. Add validators to keep the group going.</source>
        <translation>Com um só validador, o grupo para sempre que esse computador está desligado: votos, contribuições e trocas esperam até ele voltar. Inclua validadores para o grupo seguir funcionando.</translation>
    </message>
    <message>
        <source>The group is paused: a block needs %1 of the %2 validators. It goes on by itself once enough of them are on.</source>
        <translation>O grupo está parado: um bloco precisa de %1 dos %2 validadores. Ele volta a funcionar sozinho quando houver validadores ligados suficientes.</translation>
    </message>
    <message numerus="yes">
        <source>It keeps working with %n of them off.</source>
        <translation>
            <numerusform>Ele continua funcionando com %n deles desligado.</numerusform>
            <numerusform>Ele continua funcionando com até %n deles desligados.</numerusform>
        </translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Este computador</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>No ar</translation>
    </message>
    <message>
        <source>Not seen</source>
        <translation>Não visto</translation>
    </message>
    <message>
        <source>This computer&apos;s key: %1</source>
        <translation>Chave deste computador: %1</translation>
    </message>
    <message>
        <source>The group is voting on it (vote %1).</source>
        <translation>O grupo está votando isso (votação %1).</translation>
    </message>
    <message>
        <source>Opens a vote; once the group approves, this computer signs blocks whenever Rateio runs.</source>
        <translation>Abre uma votação; se o grupo aprovar, este computador assina blocos sempre que o Rateio estiver aberto.</translation>
    </message>
    <message>
        <source>The group&apos;s last validator cannot be removed.</source>
        <translation>O último validador do grupo não pode ser retirado.</translation>
    </message>
    <message>
        <source>Select a validator in the table first.</source>
        <translation>Selecione antes um validador na tabela.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an address: write it as host:port, for example casa.example.com.br:26656.</source>
        <translation>&quot;%1&quot; não é um endereço: escreva no formato servidor:porta, por exemplo casa.exemplo.com.br:26656.</translation>
    </message>
    <message>
        <source>Write at most %1 addresses.</source>
        <translation>Escreva no máximo %1 endereços.</translation>
    </message>
    <message>
        <source>The address could not be saved in %1.</source>
        <translation>Não foi possível salvar o endereço em %1.</translation>
    </message>
    <message>
        <source>Invitations no longer carry an address of your own.</source>
        <translation>Os convites não levam mais um endereço informado por você.</translation>
    </message>
    <message>
        <source>Saved: invitations now carry this address.</source>
        <translation>Salvo: os convites agora levam este endereço.</translation>
    </message>
    <message>
        <source>Rateio will reopen the group on the network: this computer becomes its first validator and listens for your neighbours&apos; computers. Nothing is lost. Open the group now?</source>
        <translation>O Rateio vai reabrir o grupo na rede: este computador passa a ser o primeiro validador e fica à espera dos computadores dos seus vizinhos. Nada se perde. Abrir o grupo agora?</translation>
    </message>
    <message>
        <source>My own computer, to help run the group.</source>
        <translation>Meu próprio computador, para ajudar a manter o grupo.</translation>
    </message>
    <message>
        <source>Proposed: the group now votes on adding this computer as a validator.</source>
        <translation>Proposta feita: o grupo agora vota a inclusão deste computador como validador.</translation>
    </message>
    <message>
        <source>Add an always-on computer</source>
        <translation>Incluir um computador sempre ligado</translation>
    </message>
    <message>
        <source>Paste the key the computer printed when rateio-node was set up on it (66 letters and digits). The group then votes; once approved, that computer signs blocks.</source>
        <translation>Cole a chave que o computador mostrou quando o rateio-node foi instalado nele (66 letras e números). Depois o grupo vota; se aprovar, esse computador passa a assinar blocos.</translation>
    </message>
    <message>
        <source>for example The association&apos;s office computer</source>
        <translation>por exemplo O computador do escritório da associação</translation>
    </message>
    <message>
        <source>That is not a computer&apos;s key: it has 66 letters (a to f) and digits, as rateio-node printed it.</source>
        <translation>Isto não é a chave de um computador: ela tem 66 letras (de a a f) e números, como o rateio-node mostrou.</translation>
    </message>
    <message>
        <source>That computer is already a validator.</source>
        <translation>Esse computador já é validador.</translation>
    </message>
    <message>
        <source>Say what the computer is, so the members know what they vote on.</source>
        <translation>Diga o que é o computador, para os membros saberem o que estão votando.</translation>
    </message>
    <message>
        <source>Proposed: the group now votes on adding that computer as a validator.</source>
        <translation>Proposta feita: o grupo agora vota a inclusão desse computador como validador.</translation>
    </message>
    <message>
        <source>Remove a validator</source>
        <translation>Retirar um validador</translation>
    </message>
    <message>
        <source>Propose removing the validator %1? Do it only for a computer that is gone for good: the group votes, and once approved the computer no longer signs blocks.</source>
        <translation>Propor a retirada do validador %1? Faça isso só para um computador que não volta mais: o grupo vota e, se aprovar, o computador deixa de assinar blocos.</translation>
    </message>
    <message>
        <source>The computer is gone for good.</source>
        <translation>O computador não volta mais.</translation>
    </message>
    <message>
        <source>Proposed: the group now votes on removing that validator.</source>
        <translation>Proposta feita: o grupo agora vota a retirada desse validador.</translation>
    </message>
    <message>
        <source>A block needs all of them, so the group stops whenever one is off: with 4 validators it keeps working with one off.</source>
        <translation>Um bloco precisa de todos eles, então o grupo para sempre que um estiver desligado: com 4 validadores, ele continua funcionando com um desligado.</translation>
    </message>
    <message>
        <source>&amp;Open the group to neighbours…</source>
        <translation>Abrir o &amp;grupo aos vizinhos…</translation>
    </message>
    <message>
        <source>Cop&amp;y invitation</source>
        <translation>&amp;Copiar convite</translation>
    </message>
    <message>
        <source>C&amp;opy link</source>
        <translation>Copiar lin&amp;k</translation>
    </message>
    <message>
        <source>Sa&amp;ve invitation file…</source>
        <translation>Salvar ar&amp;quivo de convite…</translation>
    </message>
    <message>
        <source>&amp;Save address</source>
        <translation>Sa&amp;lvar endereço</translation>
    </message>
    <message>
        <source>Validators are the computers that confirm each new entry in the group&apos;s records. An entry needs the confirmation of more than two thirds of them: with 1 to 3 validators none may be off, with 4 one may be, with 7 two. Good validators stay on day and night.</source>
        <translation>Validadores são os computadores que confirmam cada novo lançamento nos registros do grupo. Um lançamento precisa da confirmação de mais de dois terços deles: com 1 a 3 validadores, nenhum pode estar desligado; com 4, um pode; com 7, dois. Bons validadores ficam ligados dia e noite.</translation>
    </message>
    <message>
        <source>Technical details: validators sign each block; a block needs the signatures of more than two thirds of them, so N validators tolerate ⌊(N−1)/3⌋ off.</source>
        <translation>Detalhes técnicos: os validadores assinam cada bloco; um bloco precisa da assinatura de mais de dois terços deles, então N validadores toleram ⌊(N−1)/3⌋ desligados.</translation>
    </message>
    <message>
        <source>Propose this co&amp;mputer as a validator</source>
        <translation>Propor este co&amp;mputador como validador</translation>
    </message>
    <message>
        <source>Add an al&amp;ways-on computer…</source>
        <translation>Incluir um computador sempre li&amp;gado…</translation>
    </message>
    <message>
        <source>Propose removin&amp;g the selected validator…</source>
        <translation>Propor a retirada do &amp;validador selecionado…</translation>
    </message>
    <message>
        <source>Copy &amp;key</source>
        <translation>Copiar c&amp;have</translation>
    </message>
    <message numerus="yes">
        <source>this computer is not connected to any of them yet.</source>
        <translation>
            <numerusform>este computador ainda não está conectado a ele.</numerusform>
            <numerusform>este computador ainda não está conectado a nenhum deles.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>this computer is connected to all of them.</source>
        <translation>
            <numerusform>este computador está conectado a ele.</numerusform>
            <numerusform>este computador está conectado a todos eles.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Propose</source>
        <translation>&amp;Propor</translation>
    </message>
    <message>
        <source>&amp;Computer&apos;s key</source>
        <translation>&amp;Chave do computador</translation>
    </message>
    <message>
        <source>&amp;What it is</source>
        <translation>&amp;O que ele é</translation>
    </message>
    <message numerus="yes">
        <source>The group has %n validator(s).</source>
        <translation>
            <numerusform>O grupo tem %n validador.</numerusform>
            <numerusform>O grupo tem %n validadores.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not followed in light mode</source>
        <translation>Não acompanhado no modo leve</translation>
    </message>
</context>
<context>
    <name>ui::OverviewPage</name>
    <message>
        <source>My quota</source>
        <translation>Minha cota</translation>
    </message>
    <message>
        <source>My balance</source>
        <translation>Meu saldo</translation>
    </message>
    <message>
        <source>Group capacity</source>
        <translation>Potência do grupo</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Membros</translation>
    </message>
    <message>
        <source>Votes awaiting me</source>
        <translation>Votações à minha espera</translation>
    </message>
    <message>
        <source>Active campaigns</source>
        <translation>Campanhas abertas</translation>
    </message>
    <message>
        <source>Who holds the group&apos;s quota</source>
        <translation>Quem tem a cota do grupo</translation>
    </message>
    <message>
        <source>Group capacity over time</source>
        <translation>Potência do grupo ao longo do tempo</translation>
    </message>
    <message>
        <source>Not a member</source>
        <translation>Não é membro</translation>
    </message>
    <message>
        <source>1 %1 stands for 1 kW of plant capacity</source>
        <translation>1 %1 equivale a 1 kW de potência instalada</translation>
    </message>
    <message numerus="yes">
        <source>%n operating plant(s)</source>
        <translation>
            <numerusform>%n usina em operação</numerusform>
            <numerusform>%n usinas em operação</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for admission</source>
        <translation>
            <numerusform>%n aguardando admissão</numerusform>
            <numerusform>%n aguardando admissão</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open referendum(s)</source>
        <translation>
            <numerusform>%n votação aberta</numerusform>
            <numerusform>%n votações abertas</numerusform>
        </translation>
    </message>
    <message>
        <source>Pledges decide which plants get built</source>
        <translation>As contribuições decidem quais usinas saem do papel</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Eu</translation>
    </message>
    <message numerus="yes">
        <source>%n other member(s)</source>
        <translation>
            <numerusform>%n outro membro</numerusform>
            <numerusform>%n outros membros</numerusform>
        </translation>
    </message>
    <message>
        <source>Capacity (kW)</source>
        <translation>Potência (kW)</translation>
    </message>
    <message>
        <source>kW</source>
        <translation>kW</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Visão geral</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Watch-only</source>
        <translation>Somente leitura</translation>
    </message>
    <message>
        <source>Watch-only: you follow this group without a wallet. You see quotas by address, plants and votes; members&apos; names and every action are for members.</source>
        <translation>Somente leitura: você acompanha este grupo sem carteira. Você vê as cotas por endereço, as usinas e as votações; os nomes dos membros e todas as ações são só para membros.</translation>
    </message>
    <message>
        <source>Your request to join is ready. Connecting to the group&apos;s computers…</source>
        <translation>Seu pedido de entrada está pronto. Conectando aos computadores do grupo…</translation>
    </message>
    <message>
        <source>Your request to join was refused: %1</source>
        <translation>Seu pedido de entrada foi recusado: %1</translation>
    </message>
    <message>
        <source>The members did not admit you to this group.</source>
        <translation>Os membros não aprovaram sua entrada neste grupo.</translation>
    </message>
    <message>
        <source>You are not a member of this group.</source>
        <translation>Você não é membro deste grupo.</translation>
    </message>
    <message>
        <source>My energy credit</source>
        <translation>Meus créditos de energia</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Banked</source>
        <translation>Acumulado</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Usado</translation>
    </message>
    <message>
        <source>Test group (its clock can be moved forward) · updated %1</source>
        <translation>Grupo de teste (o relógio dele pode ser adiantado) · atualizado em %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Atualizado em %1</translation>
    </message>
    <message>
        <source>Block %1 of the group&apos;s shared record, written on %2.</source>
        <translation>Bloco %1 do registro compartilhado do grupo, gravado em %2.</translation>
    </message>
    <message>
        <source>Wallet locked</source>
        <translation>Carteira bloqueada</translation>
    </message>
    <message>
        <source>Your share of the group&apos;s plants, in tokens</source>
        <translation>Sua parte nas usinas do grupo, em tokens</translation>
    </message>
    <message>
        <source>No plant in operation</source>
        <translation>Nenhuma usina em operação</translation>
    </message>
    <message>
        <source>Nobody waiting for admission</source>
        <translation>Ninguém aguardando admissão</translation>
    </message>
    <message>
        <source>No open vote</source>
        <translation>Nenhuma votação aberta</translation>
    </message>
    <message>
        <source>Your wallet “%1” is locked, so you see the group as a visitor does: quotas by address, plants and votes. Unlock it with its passphrase to vote, pledge and trade.</source>
        <translation>Sua carteira “%1” está bloqueada, então você vê o grupo como um visitante: cotas por endereço, usinas e votações. Desbloqueie-a com a frase-senha para votar, contribuir e fazer trocas.</translation>
    </message>
    <message numerus="yes">
        <source>Your admission is being voted: %1 Yes of %n needed. The vote closes in %2.</source>
        <translation>
            <numerusform>Sua entrada está em votação: %1 Sim de %n necessário. A votação encerra em %2.</numerusform>
            <numerusform>Sua entrada está em votação: %1 Sim dos %n necessários. A votação encerra em %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody holds quota yet. The chart of who holds what appears once the group&apos;s first plant is operating.</source>
        <translation>Ninguém tem cota ainda. O gráfico de quem tem quanto aparece quando a primeira usina do grupo entrar em operação.</translation>
    </message>
    <message>
        <source>&amp;Vote now</source>
        <translation>&amp;Votar agora</translation>
    </message>
    <message>
        <source>&amp;See campaigns</source>
        <translation>Ver &amp;campanhas</translation>
    </message>
    <message numerus="yes">
        <source>Your admission is being voted: no Yes yet, and it needs %n. The vote closes in %1.</source>
        <translation>
            <numerusform>Sua entrada está em votação: ainda não há nenhum Sim (é necessário %n). A votação encerra em %1.</numerusform>
            <numerusform>Sua entrada está em votação: ainda não há nenhum Sim (são necessários %n). A votação encerra em %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlock &amp;wallet…</source>
        <translation>&amp;Desbloquear carteira…</translation>
    </message>
    <message numerus="yes">
        <source>Your request to join is ready. This computer first catches up with the group&apos;s history: %1 of %n step(s) checked.</source>
        <translation>
            <numerusform>Seu pedido de entrada está pronto. Antes, este computador se atualiza com o histórico do grupo: %1 de %n etapa conferida.</numerusform>
            <numerusform>Seu pedido de entrada está pronto. Antes, este computador se atualiza com o histórico do grupo: %1 de %n etapas conferidas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;quota as table</source>
        <translation>Mostrar c&amp;ota em tabela</translation>
    </message>
    <message>
        <source>Show &amp;quota as chart</source>
        <translation>Mostrar c&amp;ota em gráfico</translation>
    </message>
    <message>
        <source>Show ca&amp;pacity as table</source>
        <translation>Mostrar &amp;potência em tabela</translation>
    </message>
    <message>
        <source>Show ca&amp;pacity as chart</source>
        <translation>Mostrar &amp;potência em gráfico</translation>
    </message>
    <message>
        <source>S&amp;how my credit as table</source>
        <translation>Mostrar meu c&amp;rédito em tabela</translation>
    </message>
    <message>
        <source>S&amp;how my credit as chart</source>
        <translation>Mostrar meu c&amp;rédito em gráfico</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Membro</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Cota</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Participação</translation>
    </message>
    <message>
        <source>No plant is operating yet. The group&apos;s capacity is drawn here from the day the first one starts.</source>
        <translation>Nenhuma usina está em operação ainda. A potência do grupo aparece aqui a partir do dia em que a primeira começar a funcionar.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>A partir de</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Potência</translation>
    </message>
    <message>
        <source>Your energy credit is drawn here from the first month the group&apos;s plants allocate energy to you.</source>
        <translation>Seu crédito de energia aparece aqui a partir do primeiro mês em que as usinas do grupo alocarem energia para você.</translation>
    </message>
    <message>
        <source>Members see their energy credit here.</source>
        <translation>Os membros veem aqui o seu crédito de energia.</translation>
    </message>
    <message>
        <source>Requests to join are not shown in light mode</source>
        <translation>Pedidos de entrada não aparecem no modo leve</translation>
    </message>
    <message>
        <source>Votes are not shown in light mode</source>
        <translation>Votações não aparecem no modo leve</translation>
    </message>
    <message>
        <source>Pledges are not shown in light mode</source>
        <translation>Contribuições não aparecem no modo leve</translation>
    </message>
    <message>
        <source>Light mode: the figures, members&apos; quotas and plants below were proven to this computer by the group&apos;s computers and checked against the validators&apos; signatures (block %1). Votes, pledges, energy and the activity are shown in full mode (Settings).</source>
        <translation>Modo leve: os números, as cotas dos membros e as usinas abaixo foram provados a este computador pelos computadores do grupo e conferidos com as assinaturas dos validadores (bloco %1). Votações, contribuições, energia e atividade aparecem no modo completo (Configurações).</translation>
    </message>
    <message numerus="yes">
        <source>Light mode: none of the group&apos;s computers answered yet, so nothing below is checked. This computer asks again every %n minute(s).</source>
        <translation>
            <numerusform>Modo leve: nenhum computador do grupo respondeu ainda, então nada abaixo foi conferido. Este computador pergunta de novo a cada minuto.</numerusform>
            <numerusform>Modo leve: nenhum computador do grupo respondeu ainda, então nada abaixo foi conferido. Este computador pergunta de novo a cada %n minutos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Light mode: asking the group&apos;s computers to prove the group&apos;s figures…</source>
        <translation>Modo leve: pedindo aos computadores do grupo que provem os números do grupo…</translation>
    </message>
</context>
<context>
    <name>ui::Page</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ui::PlantsPage</name>
    <message>
        <source>Proposed</source>
        <translation>Proposta</translation>
    </message>
    <message>
        <source>Rejected by vote</source>
        <translation>Rejeitada em votação</translation>
    </message>
    <message>
        <source>Crowdfunding</source>
        <translation>Financiamento coletivo</translation>
    </message>
    <message>
        <source>Funding failed</source>
        <translation>Financiamento falhou</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Em construção</translation>
    </message>
    <message>
        <source>Operating</source>
        <translation>Em operação</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removida</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Linha do tempo</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>ainda não</translation>
    </message>
    <message>
        <source> (planned)</source>
        <translation> (previsto)</translation>
    </message>
    <message>
        <source>Funders</source>
        <translation>Financiadores</translation>
    </message>
    <message>
        <source>%1 pledged of %2</source>
        <translation>%1 arrecadados de %2</translation>
    </message>
    <message>
        <source>received %1 of quota</source>
        <translation>recebeu %1 de cota</translation>
    </message>
    <message>
        <source>Only members can propose plants.</source>
        <translation>Só membros podem propor usinas.</translation>
    </message>
    <message>
        <source>No plant yet. Propose the first one.</source>
        <translation>Nenhuma usina ainda. Proponha a primeira.</translation>
    </message>
    <message>
        <source>Power plants</source>
        <translation>Usinas</translation>
    </message>
    <message>
        <source>&amp;Propose a plant…</source>
        <translation>&amp;Propor uma usina…</translation>
    </message>
</context>
<context>
    <name>ui::ProposePlantDialog</name>
    <message>
        <source>Propose a power plant</source>
        <translation>Propor uma usina</translation>
    </message>
    <message>
        <source>City, state</source>
        <translation>Cidade, UF</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Enter a name for the plant.</source>
        <translation>Dê um nome à usina.</translation>
    </message>
    <message>
        <source>The capacity must be above 0 and at most %1.</source>
        <translation>A potência deve ser maior que 0 e no máximo %1.</translation>
    </message>
    <message>
        <source>Enter the cost of the plant.</source>
        <translation>Informe o custo da usina.</translation>
    </message>
    <message>
        <source>Enter the name of the distribution utility.</source>
        <translation>Informe o nome da distribuidora.</translation>
    </message>
    <message>
        <source>Enter where the plant will be built.</source>
        <translation>Informe onde a usina será construída.</translation>
    </message>
    <message>
        <source>in kW, for example 75 or 1.2 MW</source>
        <translation>em kW, por exemplo 75 ou 1,2 MW</translation>
    </message>
    <message>
        <source>in R$, for example 300,000.00</source>
        <translation>em R$, por exemplo 300.000,00</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>S&amp;ource</source>
        <translation>&amp;Fonte</translation>
    </message>
    <message>
        <source>&amp;Capacity</source>
        <translation>&amp;Potência</translation>
    </message>
    <message>
        <source>Co&amp;st</source>
        <translation>&amp;Custo</translation>
    </message>
    <message>
        <source>&amp;Utility</source>
        <translation>&amp;Distribuidora</translation>
    </message>
    <message>
        <source>&amp;Location</source>
        <translation>&amp;Local</translation>
    </message>
    <message>
        <source>&amp;Time to market</source>
        <translation>Pra&amp;zo de implantação</translation>
    </message>
    <message>
        <source>&amp;Propose</source>
        <translation>Pr&amp;opor</translation>
    </message>
    <message>
        <source>The members vote on the proposal for %1. If they approve it, crowdfunding opens.</source>
        <translation>Os membros votam a proposta durante %1. Se aprovarem, abre-se o financiamento coletivo.</translation>
    </message>
    <message>
        <source>Propose the plant “%1”, %2 for %3? The members will vote on it for %4; the proposal cannot be withdrawn.</source>
        <translation>Propor a usina “%1”, de %2, por %3? Os membros vão votar a proposta durante %4; ela não pode ser retirada.</translation>
    </message>
</context>
<context>
    <name>ui::ScreenHelp</name>
    <message>
        <source>This is the summary of your group. “My quota” is your share of the energy the group&apos;s plants produce; your balance is what you can trade with other members. Below, the votes waiting for you and the campaigns raising money for new plants, each with a button that takes you there. The charts show who holds the group&apos;s quota, how the group&apos;s capacity grew, and your energy credit month by month.</source>
        <translation>Este é o resumo do seu grupo. “Minha cota” é a sua parte da energia que as usinas do grupo produzem; o seu saldo é o que você pode trocar com outros membros. Abaixo, as votações que esperam por você e as campanhas que arrecadam dinheiro para novas usinas, cada uma com um botão que leva até lá. Os gráficos mostram quem tem a cota do grupo, como a potência do grupo cresceu e o seu crédito de energia mês a mês.</translation>
    </message>
    <message>
        <source>Everything here is read from the group&apos;s shared record, a chain of blocks that every member&apos;s computer keeps and checks. The line under the group&apos;s name says up to which day it is; hover over it to see the block number. 1 token stands for 1 kW of plant capacity.</source>
        <translation>Tudo aqui vem do registro compartilhado do grupo, uma cadeia de blocos que o computador de cada membro guarda e confere. A linha abaixo do nome do grupo diz até que dia ele está atualizado; passe o mouse sobre ela para ver o número do bloco. 1 token equivale a 1 kW de potência de usina.</translation>
    </message>
    <message>
        <source>The group decides everything by vote: admitting and removing members, building plants, corrections. Pick a vote in the list, read what it proposes and press Yes or No. You can change your vote until the vote closes. The result takes effect when the vote closes, even if everybody has already voted, because anyone may still change their mind until then.</source>
        <translation>O grupo decide tudo por votação: admitir e retirar membros, construir usinas, correções. Escolha uma votação na lista, leia o que ela propõe e vote Sim ou Não. Você pode mudar o seu voto até a votação se encerrar. O resultado vale quando a votação se encerra, mesmo que todos já tenham votado, porque até lá qualquer um ainda pode mudar de ideia.</translation>
    </message>
    <message>
        <source>A vote passes when the Yes votes reach the number needed shown under it. Votes are operations signed with your wallet and written into the group&apos;s blocks; the closing is decided by the group&apos;s clock.</source>
        <translation>Uma votação é aprovada quando os votos Sim chegam ao número necessário mostrado abaixo dela. Os votos são operações assinadas com a sua carteira e gravadas nos blocos do grupo; o encerramento segue o relógio do grupo.</translation>
    </message>
    <message>
        <source>When the group approves a new plant, members served by the plant&apos;s utility can pledge money to build it. Type an amount and press Pledge; you can change or withdraw your pledge while the campaign is open. If the pledges reach the cost, the plant gets built and every funder receives quota and tokens in proportion to what they pledged. The money itself is paid outside the app.</source>
        <translation>Quando o grupo aprova uma nova usina, os membros atendidos pela distribuidora da usina podem contribuir com dinheiro para construí-la. Digite um valor e clique em Contribuir; você pode mudar ou retirar a sua contribuição enquanto a campanha estiver aberta. Se as contribuições atingirem o custo, a usina é construída e cada financiador recebe cota e tokens na proporção do que contribuiu. O dinheiro é pago fora do aplicativo.</translation>
    </message>
    <message>
        <source>Pledges are recorded in the group&apos;s shared record (its ledger); a campaign that does not reach its cost by its deadline fails and nobody owes anything.</source>
        <translation>As contribuições ficam gravadas no registro compartilhado do grupo (o livro-razão); uma campanha que não atinge o custo até o prazo fracassa, e ninguém deve nada.</translation>
    </message>
    <message>
        <source>Here you give or exchange your share with other members. “Send” gives quota or tokens to a member at once. An offer proposes to sell or buy quota for tokens; the other member accepts or declines it. Offers made to you, your open offers and what you traded are listed below. Sending cannot be undone.</source>
        <translation>Aqui você dá ou troca a sua parte com outros membros. “Enviar” passa cota ou tokens a um membro na hora. Uma oferta propõe vender ou comprar cota por tokens; o outro membro aceita ou recusa. As ofertas feitas a você, as suas ofertas abertas e o que você já trocou aparecem abaixo. Um envio não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Quota is measured in kW of plant capacity; tokens are the group&apos;s own unit (1 token stands for 1 kW). Every transfer is an operation signed with your wallet and written into a block of the group&apos;s record.</source>
        <translation>A cota é medida em kW de potência de usina; os tokens são a unidade do próprio grupo (1 token equivale a 1 kW). Cada transferência é uma operação assinada com a sua carteira e gravada em um bloco do registro do grupo.</translation>
    </message>
    <message>
        <source>The group&apos;s solar plants and their stage: proposed, raising money, being built, operating, or stopped. Pick a plant to see its timeline and who funded it. “Propose a plant…” starts a vote on a new one.</source>
        <translation>As usinas solares do grupo e a etapa de cada uma: proposta, arrecadando dinheiro, em construção, em operação ou parada. Escolha uma usina para ver a linha do tempo dela e quem a financiou. “Propor uma usina…” abre uma votação sobre uma nova usina.</translation>
    </message>
    <message>
        <source>A plant moves from one stage to the next by the group&apos;s vote, by its crowdfunding and as it is built; each step is written into the group&apos;s record with its date.</source>
        <translation>Uma usina passa de uma etapa para a seguinte pela votação do grupo, pelo financiamento coletivo e conforme é construída; cada passo é gravado no registro do grupo com a data.</translation>
    </message>
    <message>
        <source>Everyone in the group, with their share and utility. Names are only readable by members: outsiders see a code instead. You can propose to remove a member or to correct a quota or a balance; the group then votes.</source>
        <translation>Todas as pessoas do grupo, com a parte e a distribuidora de cada uma. Os nomes só podem ser lidos pelos membros: quem é de fora vê um código no lugar. Você pode propor a retirada de um membro ou a correção de uma cota ou de um saldo; depois o grupo vota.</translation>
    </message>
    <message>
        <source>Names are sealed (encrypted) so that only members&apos; computers can open them; the code shown instead is the member&apos;s address, derived from their wallet&apos;s public key.</source>
        <translation>Os nomes ficam lacrados (criptografados) para que só os computadores dos membros consigam abri-los; o código mostrado no lugar é o endereço do membro, derivado da chave pública da carteira dele.</translation>
    </message>
    <message>
        <source>What the group&apos;s plants gave you each month, what you used, and the credit you kept for later. Credit lasts 60 months and the oldest is used first. Type the kWh from your electricity bill to record a month; the savings are estimated with the tariff set in Settings. You can save a monthly statement and the list the utility needs (lista de rateio).</source>
        <translation>O que as usinas do grupo destinaram a você em cada mês, o que você consumiu e o crédito que você guardou para depois. O crédito vale por 60 meses, e o mais antigo é usado primeiro. Digite os kWh da sua conta de luz para registrar um mês; a economia é estimada com a tarifa definida em Configurações. Você pode salvar o extrato mensal e a lista que a distribuidora precisa (lista de rateio).</translation>
    </message>
    <message>
        <source>Readings are written into the group&apos;s record, so every member&apos;s computer computes the same credits. The compensation follows Brazil&apos;s rules for shared generation (Lei 14.300).</source>
        <translation>As leituras são gravadas no registro do grupo, assim o computador de cada membro calcula os mesmos créditos. A compensação segue as regras brasileiras da geração compartilhada (Lei 14.300).</translation>
    </message>
    <message>
        <source>Everything that happened in the group: who joined, votes, pledges, trades, readings. Search by words, pick a kind or a period, and save the list as a spreadsheet file (CSV).</source>
        <translation>Tudo o que aconteceu no grupo: quem entrou, votações, contribuições, trocas, leituras. Busque por palavras, escolha um tipo ou um período e salve a lista como planilha (CSV).</translation>
    </message>
    <message>
        <source>Each line is an event of the group&apos;s shared record; its block number shows which page of the record it is written on.</source>
        <translation>Cada linha é um evento do registro compartilhado do grupo; o número do bloco mostra em que página do registro ele está gravado.</translation>
    </message>
    <message>
        <source>Language, light or dark look, notifications, your wallet (back it up and change its passphrase), your electricity tariff, and how this computer takes part in the group: invite someone, or help keep the group running.</source>
        <translation>Idioma, aparência clara ou escura, notificações, a sua carteira (faça a cópia de segurança e troque a frase-senha), a sua tarifa de energia e como este computador participa do grupo: convidar alguém ou ajudar a manter o grupo funcionando.</translation>
    </message>
    <message>
        <source>Rateio keeps the group&apos;s record on every member&apos;s computer. Some computers, the validators, also confirm each new block; the group keeps working while more than two thirds of them are on. A computer that only follows the group checks every block itself.</source>
        <translation>O Rateio guarda o registro do grupo no computador de cada membro. Alguns computadores, os validadores, também confirmam cada novo bloco; o grupo continua funcionando enquanto mais de dois terços deles estão ligados. Um computador que só acompanha o grupo confere ele mesmo cada bloco.</translation>
    </message>
</context>
<context>
    <name>ui::ScreenHelpDialog</name>
    <message>
        <source>How does this work? — %1</source>
        <translation>Como funciona? — %1</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Detalhes</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fechar</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
</context>
<context>
    <name>ui::SettingsPage</name>
    <message>
        <source>Appearance</source>
        <translation>Aparência</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Igual ao sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Tell me about new votes, votes closing soon, campaign results and offers to me</source>
        <translation>Avisar sobre novas votações, votações perto do fim, resultados de campanhas e ofertas para mim</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Carteira</translation>
    </message>
    <message>
        <source>validator of this group (embedded node)</source>
        <translation>validador deste grupo (nó embutido)</translation>
    </message>
    <message>
        <source>verifying node</source>
        <translation>nó verificador</translation>
    </message>
    <message>
        <source>Wallet &quot;%1&quot; · address %2</source>
        <translation>Carteira &quot;%1&quot; · endereço %2</translation>
    </message>
    <message>
        <source>Back up wallet</source>
        <translation>Cópia de segurança da carteira</translation>
    </message>
    <message>
        <source>Wallet backups (*.wallet)</source>
        <translation>Cópias de segurança de carteira (*.wallet)</translation>
    </message>
    <message>
        <source>The backup could not be written: %1</source>
        <translation>Não foi possível gravar a cópia: %1</translation>
    </message>
    <message>
        <source>Backup saved to %1. Keep it somewhere safe, with the passphrase apart from it.</source>
        <translation>Cópia salva em %1. Guarde-a em lugar seguro, longe da frase-senha.</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Trocar a frase-senha</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>Use pelo menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>As duas novas frases-senha são diferentes.</translation>
    </message>
    <message>
        <source>The current passphrase is not right.</source>
        <translation>A frase-senha atual não está certa.</translation>
    </message>
    <message>
        <source>The passphrase was changed.</source>
        <translation>A frase-senha foi trocada.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>validator of this group</source>
        <translation>validador deste grupo</translation>
    </message>
    <message>
        <source>watch-only node (no wallet)</source>
        <translation>nó somente leitura (sem carteira)</translation>
    </message>
    <message>
        <source>Other members&apos; computers connect to this port. A change takes effect the next time Rateio starts.</source>
        <translation>Os computadores dos outros membros se conectam a esta porta. Uma mudança vale a partir da próxima vez que o Rateio abrir.</translation>
    </message>
    <message>
        <source>The port could not be opened (another program may use it): this computer reaches the group through its own connections only. A change takes effect the next time Rateio starts.</source>
        <translation>Não foi possível abrir a porta (outro programa pode estar usando): este computador só alcança o grupo pelas conexões que ele mesmo abre. Uma mudança vale a partir da próxima vez que o Rateio abrir.</translation>
    </message>
    <message>
        <source>The new port is saved; it takes effect the next time Rateio starts.</source>
        <translation>A nova porta foi salva; ela vale a partir da próxima vez que o Rateio abrir.</translation>
    </message>
    <message>
        <source>The port could not be saved in %1.</source>
        <translation>Não foi possível salvar a porta em %1.</translation>
    </message>
    <message>
        <source>Back to the default tariff.</source>
        <translation>Tarifa padrão restaurada.</translation>
    </message>
    <message>
        <source>Each part of the tariff must be at most R$ 100 per kWh.</source>
        <translation>Cada componente da tarifa deve ser no máximo R$ 100 por kWh.</translation>
    </message>
    <message>
        <source>Tariff flag</source>
        <translation>Bandeira tarifária</translation>
    </message>
    <message>
        <source>%1 of %2 saved: that month&apos;s savings are estimated with it.</source>
        <translation>%1 em %2 salva: a economia desse mês passa a ser estimada com ela.</translation>
    </message>
    <message>
        <source>Tariff flag of each month</source>
        <translation>Bandeira tarifária de cada mês</translation>
    </message>
    <message>
        <source>As your bill shows it. A month left green had no extra charge.</source>
        <translation>Como aparece na sua conta de luz. Mês deixado em verde não teve cobrança extra.</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mês</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Notifications</source>
        <translation>&amp;Notificações</translation>
    </message>
    <message>
        <source>Listening &amp;port</source>
        <translation>Porta de cone&amp;xão</translation>
    </message>
    <message>
        <source>&amp;Back up wallet…</source>
        <translation>Fa&amp;zer cópia da carteira…</translation>
    </message>
    <message>
        <source>&amp;Change passphrase…</source>
        <translation>Tr&amp;ocar a frase-senha…</translation>
    </message>
    <message>
        <source>Wallet “%1” · locked: unlock it on the Overview to vote, pledge and trade.</source>
        <translation>Carteira “%1” · bloqueada: desbloqueie-a na Visão geral para votar, contribuir e fazer trocas.</translation>
    </message>
    <message>
        <source>Energy t&amp;ariff (TE)</source>
        <translation>Tarifa de &amp;energia (TE)</translation>
    </message>
    <message>
        <source>D&amp;istribution tariff (TUSD)</source>
        <translation>Ta&amp;rifa de distribuição (TUSD)</translation>
    </message>
    <message>
        <source>&amp;Fio B part of the TUSD</source>
        <translation>&amp;Parcela Fio B da TUSD</translation>
    </message>
    <message>
        <source>Sav&amp;e tariff</source>
        <translation>S&amp;alvar tarifa</translation>
    </message>
    <message>
        <source>Use &amp;the default</source>
        <translation>Usar o pa&amp;drão</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Este computador</translation>
    </message>
    <message>
        <source>This computer keeps a copy of the group&apos;s records and helps confirm them.</source>
        <translation>Este computador guarda uma cópia dos registros do grupo e ajuda a confirmá-los.</translation>
    </message>
    <message>
        <source>This computer keeps the group&apos;s records and confirms them by itself: the group is on this computer only.</source>
        <translation>Este computador guarda os registros do grupo e os confirma sozinho: o grupo existe só neste computador.</translation>
    </message>
    <message>
        <source>This computer keeps a copy of the group&apos;s records and checks every change.</source>
        <translation>Este computador guarda uma cópia dos registros do grupo e confere cada mudança.</translation>
    </message>
    <message>
        <source>This computer keeps a copy of the group&apos;s records and follows them without a wallet.</source>
        <translation>Este computador guarda uma cópia dos registros do grupo e os acompanha sem carteira.</translation>
    </message>
    <message>
        <source>It does not connect to other computers.</source>
        <translation>Ele não se conecta a outros computadores.</translation>
    </message>
    <message>
        <source>Not connected to any neighbour&apos;s computer yet.</source>
        <translation>Ainda sem conexão com o computador de nenhum vizinho.</translation>
    </message>
    <message numerus="yes">
        <source>Connected to %n neighbour&apos;s computer(s).</source>
        <translation>
            <numerusform>Conectado ao computador de %n vizinho.</numerusform>
            <numerusform>Conectado aos computadores de %n vizinhos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Technical details: %1 · peers: %2 · group id: %3</source>
        <translation>Detalhes técnicos: %1 · pares (peers): %2 · identificador do grupo: %3</translation>
    </message>
    <message>
        <source>Group id: %1</source>
        <translation>Identificador do grupo: %1</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>Pasta de dados: %1</translation>
    </message>
    <message>
        <source>No wallet: this computer follows the group watch-only.</source>
        <translation>Sem carteira: este computador acompanha o grupo só para consulta.</translation>
    </message>
    <message>
        <source>&amp;Current passphrase</source>
        <translation>&amp;Frase-senha atual</translation>
    </message>
    <message>
        <source>&amp;New passphrase</source>
        <translation>&amp;Nova frase-senha</translation>
    </message>
    <message>
        <source>New &amp;passphrase again</source>
        <translation>&amp;Repita a nova frase-senha</translation>
    </message>
    <message>
        <source>Propose the &amp;update…</source>
        <translation>A&amp;brir a votação da atualização…</translation>
    </message>
    <message>
        <source>The group is voting on it (vote %1).</source>
        <translation>O grupo está votando isso (votação %1).</translation>
    </message>
    <message>
        <source>Opens a vote. Once approved, the group&apos;s records are kept the newer way; quotas, tokens and votes stay the same.</source>
        <translation>Abre uma votação. Depois de aprovada, os registros do grupo passam a ser guardados da forma nova; cotas, tokens e votos continuam iguais.</translation>
    </message>
    <message>
        <source>Propose this to the group? %1 The members vote on it. Members whose Rateio is older than this one must update it before the vote, or their computer stops following the group.</source>
        <translation>Propor isto ao grupo? %1 Os membros votam. Quem tiver um Rateio mais antigo que este precisa atualizá-lo antes da votação, senão o computador dessa pessoa deixa de acompanhar o grupo.</translation>
    </message>
    <message>
        <source>Update how the records are kept</source>
        <translation>Atualizar a forma de guardar os registros</translation>
    </message>
    <message>
        <source>Keep the group&apos;s records the newer way, which stays fast as the group grows.</source>
        <translation>Guardar os registros do grupo da forma nova, que continua rápida à medida que o grupo cresce.</translation>
    </message>
    <message>
        <source>Proposed: the group now votes on updating how its records are kept.</source>
        <translation>Proposta feita: o grupo agora vota a atualização da forma de guardar os registros.</translation>
    </message>
    <message>
        <source>The records take %1 on this disk.</source>
        <translation>Os registros ocupam %1 neste disco.</translation>
    </message>
    <message>
        <source>Since Rateio started: %1 received from the group&apos;s computers, %2 sent to them.</source>
        <translation>Desde que o Rateio foi aberto: %1 recebidos dos computadores do grupo, %2 enviados a eles.</translation>
    </message>
    <message>
        <source>This computer follows the group in light mode: it keeps no copy of the group&apos;s records, and checks what it shows against the validators&apos; signatures.</source>
        <translation>Este computador acompanha o grupo no modo leve: não guarda cópia dos registros do grupo e confere o que mostra com as assinaturas dos validadores.</translation>
    </message>
    <message>
        <source>The group&apos;s files take %1 on this disk. Since Rateio started: %2 received from the group&apos;s computers, %3 sent to them.</source>
        <translation>Os arquivos do grupo ocupam %1 neste disco. Desde que o Rateio foi aberto: %2 recebidos dos computadores do grupo, %3 enviados a eles.</translation>
    </message>
    <message>
        <source>light node (headers and proofs, no wallet)</source>
        <translation>nó leve (cabeçalhos e provas, sem carteira)</translation>
    </message>
    <message>
        <source>Keeps a copy of the group&apos;s records and checks every change; every screen works. The copy starts from a verified copy of the group&apos;s present state and grows with the group&apos;s activity.</source>
        <translation>Guarda uma cópia dos registros do grupo e confere cada mudança; todas as telas funcionam. A cópia começa de uma cópia conferida do estado atual do grupo e cresce com a atividade dele.</translation>
    </message>
    <message>
        <source>Keeps no copy of the records. Every minute it asks the group&apos;s computers to prove the group&apos;s figures, the members&apos; quotas and balances and the plants, and checks each proof against the validators&apos; signatures (a few kilobytes for a condominium&apos;s group). Votes, pledges, offers, energy and the activity are not shown.</source>
        <translation>Não guarda cópia dos registros. A cada minuto pede aos computadores do grupo que provem os números do grupo, as cotas e saldos dos membros e as usinas, e confere cada prova com as assinaturas dos validadores (alguns kilobytes para o grupo de um condomínio). Votações, contribuições, ofertas, energia e atividade não aparecem.</translation>
    </message>
    <message>
        <source>A member&apos;s computer runs in full mode: it checks every change itself, so that your votes, pledges and trades rest on records you verified.</source>
        <translation>O computador de um membro funciona no modo completo: ele mesmo confere cada mudança, para que seus votos, contribuições e trocas se apoiem em registros que você conferiu.</translation>
    </message>
    <message>
        <source>A change restarts the group&apos;s screens at once.</source>
        <translation>Uma mudança reabre as telas do grupo na hora.</translation>
    </message>
    <message>
        <source>Switch this computer to light mode?</source>
        <translation>Passar este computador para o modo leve?</translation>
    </message>
    <message>
        <source>The copy of the records already on this disk stays there.</source>
        <translation>A cópia dos registros que já está neste disco continua nele.</translation>
    </message>
    <message>
        <source>Switch this computer to full mode?</source>
        <translation>Passar este computador para o modo completo?</translation>
    </message>
    <message>
        <source>How this computer follows the group</source>
        <translation>Como este computador acompanha o grupo</translation>
    </message>
    <message>
        <source>Light mode needs the group to keep its records the newer way (see the rules version above).</source>
        <translation>O modo leve exige que o grupo guarde seus registros da forma nova (veja a versão das regras acima).</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Modo</translation>
    </message>
    <message>
        <source>Full</source>
        <comment>node mode</comment>
        <translation>Completo</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>node mode</comment>
        <translation>Leve</translation>
    </message>
    <message>
        <source>This copy started from the group&apos;s verified records as they were on %1; the activity before that is being fetched and checked.</source>
        <translation>Esta cópia começou dos registros conferidos do grupo como estavam em %1; a atividade anterior está sendo buscada e conferida.</translation>
    </message>
    <message>
        <source>Validator</source>
        <comment>node mode</comment>
        <translation>Validador</translation>
    </message>
    <message>
        <source>Keeps and checks the records as in full mode, and also signs the group&apos;s new blocks with this computer&apos;s key: it should stay on and connected most of the day, and sends a little more (its vote on every block). The group decides by vote which computers are validators.</source>
        <translation>Guarda e confere os registros como no modo completo e também assina os novos blocos do grupo com a chave deste computador: ele deve ficar ligado e conectado a maior parte do dia e envia um pouco mais (o voto dele em cada bloco). O grupo decide por votação quais computadores são validadores.</translation>
    </message>
    <message>
        <source>Only a member&apos;s computer can be proposed as a validator.</source>
        <translation>Só o computador de um membro pode ser proposto como validador.</translation>
    </message>
    <message>
        <source>This computer is one of the group&apos;s validators: the group voted it in, and only a vote to remove it (Validators, below) makes it a full node again. Keep it on and connected as much as you can.</source>
        <translation>Este computador é um dos validadores do grupo: o grupo votou para incluí-lo, e só uma votação para retirá-lo (Validadores, abaixo) o faz voltar ao modo completo. Deixe-o ligado e conectado o máximo que puder.</translation>
    </message>
    <message>
        <source>The group is voting on making this computer a validator (vote %1).</source>
        <translation>O grupo está votando se este computador passa a ser validador (votação %1).</translation>
    </message>
    <message>
        <source>Ask the group to make this computer a validator?</source>
        <translation>Pedir ao grupo que este computador passe a ser validador?</translation>
    </message>
    <message>
        <source>The group votes; once it approves, this computer signs blocks whenever Rateio runs.</source>
        <translation>O grupo vota; depois de aprovado, este computador assina blocos sempre que o Rateio estiver aberto.</translation>
    </message>
    <message>
        <source>Choose Validator to ask the group to let it confirm the records too.</source>
        <translation>Escolha Validador para pedir ao grupo que ele também ajude a confirmar os registros.</translation>
    </message>
    <message>
        <source>Saved: your unit is low income. From 2026 its first 80 kWh a month are free and only the consumption above them is compensated.</source>
        <translation>Salvo: a sua unidade é de baixa renda. Desde 2026 os primeiros 80 kWh do mês são gratuitos e só o consumo acima deles é compensado.</translation>
    </message>
    <message>
        <source>Saved: your unit is not low income.</source>
        <translation>Salvo: a sua unidade não é de baixa renda.</translation>
    </message>
    <message>
        <source>The Fio B and GD III&apos;s extra are parts of the TUSD: together they cannot be more than the TUSD.</source>
        <translation>O Fio B e o adicional da GD III são partes da TUSD: juntos, não podem passar da TUSD.</translation>
    </message>
    <message>
        <source>Tariff saved. Your energy account and savings are now computed with it.</source>
        <translation>Tarifa salva. A sua conta de energia e a economia agora são calculadas com ela.</translation>
    </message>
    <message>
        <source>My tariff</source>
        <translation>Minha tarifa</translation>
    </message>
    <message>
        <source>In R$ per kWh without taxes, as on your bill or the utility&apos;s tariff table. Your energy account depends on it: energy from newer plants pays part of the TUSD, so how much can be compensated before the bill reaches the minimum depends on the prices. The defaults are Light&apos;s (Rio de Janeiro) as ANEEL set them in 2019, with estimated parts: enter your bill&apos;s current figures.</source>
        <translation>Em R$ por kWh sem tributos, como na sua conta ou na tabela de tarifas da distribuidora. A sua conta de energia depende dela: a energia das usinas mais novas paga parte da TUSD, então quanto pode ser compensado antes de a conta chegar ao custo de disponibilidade depende dos preços. Os valores padrão são os da Light (Rio de Janeiro) fixados pela ANEEL em 2019, com as partes estimadas: digite os números atuais da sua conta.</translation>
    </message>
    <message>
        <source>GD III&apos;s e&amp;xtra in the TUSD</source>
        <translation>Adicional da GD III na TUSD (&amp;Fio A e encargos)</translation>
    </message>
    <message>
        <source>Energy from plants above 500 kW in which one member holds 25 % or more (GD III) pays the whole Fio B and, besides it, 40 % of the Fio A and the TFSEE and P&amp;D/EE charges: this field.</source>
        <translation>A energia de usinas acima de 500 kW em que um membro tem 25 % ou mais (GD III) paga o Fio B inteiro e, além dele, 40 % do Fio A e os encargos TFSEE e P&amp;D/EE: este campo.</translation>
    </message>
    <message>
        <source>Low-income unit (Tarifa Social, &amp;zero up to 80 kWh)</source>
        <translation>Unidade de baixa renda (Tarifa Social, grátis até &amp;80 kWh)</translation>
    </message>
    <message>
        <source>Low-income units pay nothing for their first 80 kWh a month since 2026, and only the consumption above them is compensated (REN 1.000, arts. 179 and 655-I §5º).</source>
        <translation>Desde 2026 as unidades de baixa renda não pagam os primeiros 80 kWh do mês, e só o consumo acima deles é compensado (REN 1.000, arts. 179 e 655-I, §5º).</translation>
    </message>
</context>
<context>
    <name>ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Everything in Rateio can be done with the keyboard. These keys work in the main window:</source>
        <translation>Tudo no Rateio pode ser feito pelo teclado. Estas teclas funcionam na janela principal:</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>O que fazem</translation>
    </message>
    <message>
        <source>Show the %1 screen</source>
        <translation>Mostrar a tela %1</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + letra sublinhada</translation>
    </message>
    <message>
        <source>Go to the field, or press the button, whose name has that letter underlined</source>
        <translation>Ir ao campo, ou apertar o botão, cujo nome tem essa letra sublinhada</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Shift+Tab</translation>
    </message>
    <message>
        <source>Go to the next or the previous field</source>
        <translation>Ir ao próximo campo ou ao anterior</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Press the highlighted button of a dialog</source>
        <translation>Apertar o botão destacado de uma janela de diálogo</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Close a dialog without changing anything</source>
        <translation>Fechar uma janela de diálogo sem mudar nada</translation>
    </message>
    <message>
        <source>Explain the screen in front of you, with a way to this list</source>
        <translation>Explicar a tela que você está vendo, com um caminho para esta lista</translation>
    </message>
    <message>
        <source>Quit Rateio</source>
        <translation>Sair do Rateio</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fechar</translation>
    </message>
</context>
<context>
    <name>ui::TradePage</name>
    <message>
        <source>Send to a member</source>
        <translation>Enviar para um membro</translation>
    </message>
    <message>
        <source>Type a name</source>
        <translation>Digite um nome</translation>
    </message>
    <message>
        <source>Offer quota for tokens</source>
        <translation>Oferecer cota por tokens</translation>
    </message>
    <message>
        <source>Sell quota</source>
        <translation>Vender cota</translation>
    </message>
    <message>
        <source>Buy quota</source>
        <translation>Comprar cota</translation>
    </message>
    <message>
        <source>Offers to me</source>
        <translation>Ofertas para mim</translation>
    </message>
    <message>
        <source>My open offers</source>
        <translation>Minhas ofertas abertas</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>You have %1 of quota and %2.</source>
        <translation>Você tem %1 de cota e %2.</translation>
    </message>
    <message>
        <source>Only members can trade.</source>
        <translation>Só membros podem negociar.</translation>
    </message>
    <message>
        <source>Choose a member from the list.</source>
        <translation>Escolha um membro da lista.</translation>
    </message>
    <message>
        <source>Enter the quota, the tokens, or both.</source>
        <translation>Informe a cota, os tokens ou os dois.</translation>
    </message>
    <message>
        <source>You have only %1 of quota.</source>
        <translation>Você tem só %1 de cota.</translation>
    </message>
    <message>
        <source>You have only %1.</source>
        <translation>Você tem só %1.</translation>
    </message>
    <message>
        <source>Sent %1 of quota to %2.</source>
        <translation>%1 de cota enviado para %2.</translation>
    </message>
    <message>
        <source>Sent %1 of quota and %2 to %3.</source>
        <translation>%1 de cota e %2 enviados para %3.</translation>
    </message>
    <message>
        <source>Sent %1 to %2.</source>
        <translation>%1 enviado para %2.</translation>
    </message>
    <message>
        <source>Your offer was sent.</source>
        <translation>Sua oferta foi enviada.</translation>
    </message>
    <message>
        <source>Offer accepted: the quota and tokens changed hands.</source>
        <translation>Oferta aceita: a cota e os tokens trocaram de mãos.</translation>
    </message>
    <message>
        <source>Offer declined.</source>
        <translation>Oferta recusada.</translation>
    </message>
    <message>
        <source>Offer cancelled.</source>
        <translation>Oferta cancelada.</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>Trocas</translation>
    </message>
    <message>
        <source>for example 1.5</source>
        <translation>por exemplo 1,5</translation>
    </message>
    <message>
        <source>for example 0.5</source>
        <translation>por exemplo 0,5</translation>
    </message>
    <message>
        <source>Member to send to</source>
        <translation>Membro que vai receber</translation>
    </message>
    <message>
        <source>Member to make the offer to</source>
        <translation>Membro que vai receber a oferta</translation>
    </message>
    <message>
        <source>%1 of your quota and %2</source>
        <translation>%1 da sua cota e %2</translation>
    </message>
    <message>
        <source>%1 of your quota</source>
        <translation>%1 da sua cota</translation>
    </message>
    <message>
        <source>Send to %1</source>
        <translation>Enviar para %1</translation>
    </message>
    <message>
        <source>Send %1 to %2? This cannot be undone.</source>
        <translation>Enviar %1 para %2? Isto não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Offer %1 of your quota to %2 for %3?</source>
        <translation>Oferecer %1 da sua cota a %2 por %3?</translation>
    </message>
    <message>
        <source>Offer %1 to %2 for %3 of their quota?</source>
        <translation>Oferecer %1 a %2 por %3 da cota dessa pessoa?</translation>
    </message>
    <message>
        <source>If %1 accepts by %2, the exchange happens at once and cannot be undone; until then you can cancel the offer.</source>
        <translation>Se %1 aceitar até %2, a troca acontece na hora e não pode ser desfeita; até lá você pode cancelar a oferta.</translation>
    </message>
    <message>
        <source>Make an offer</source>
        <translation>Fazer uma oferta</translation>
    </message>
    <message>
        <source>Accept %1&apos;s offer: you receive %2 of quota and pay %3? This cannot be undone.</source>
        <translation>Aceitar a oferta de %1: você recebe %2 de cota e paga %3? Isto não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Accept %1&apos;s offer: you give %2 of your quota and receive %3? This cannot be undone.</source>
        <translation>Aceitar a oferta de %1: você entrega %2 da sua cota e recebe %3? Isto não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Accept the offer</source>
        <translation>Aceitar a oferta</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Para</translation>
    </message>
    <message>
        <source>&amp;Quota (kW)</source>
        <translation>Cota (&amp;kW)</translation>
    </message>
    <message>
        <source>To&amp;kens</source>
        <translation>T&amp;okens</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>E&amp;nviar</translation>
    </message>
    <message>
        <source>Offer t&amp;o</source>
        <translation>Oferta p&amp;ara</translation>
    </message>
    <message>
        <source>&amp;I want to</source>
        <translation>&amp;Quero</translation>
    </message>
    <message>
        <source>Quota &amp;amount (kW)</source>
        <translation>Quantidade de cota (k&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Price (tokens)</source>
        <translation>Preço (&amp;tokens)</translation>
    </message>
    <message>
        <source>&amp;Valid for (days)</source>
        <translation>&amp;Validade (dias)</translation>
    </message>
    <message>
        <source>&amp;Make offer</source>
        <translation>&amp;Fazer oferta</translation>
    </message>
    <message>
        <source>A&amp;ccept</source>
        <translation>Ac&amp;eitar</translation>
    </message>
    <message>
        <source>D&amp;ecline</source>
        <translation>&amp;Recusar</translation>
    </message>
    <message>
        <source>Ca&amp;ncel offer</source>
        <translation>Cance&amp;lar oferta</translation>
    </message>
    <message>
        <source>Decline %1&apos;s offer to sell you %2 of quota for %3?</source>
        <translation>Recusar a oferta de %1, que vende a você %2 de cota por %3?</translation>
    </message>
    <message>
        <source>Decline %1&apos;s offer to buy %2 of your quota for %3?</source>
        <translation>Recusar a oferta de %1, que quer comprar %2 da sua cota por %3?</translation>
    </message>
    <message>
        <source>Decline the offer</source>
        <translation>Recusar a oferta</translation>
    </message>
    <message>
        <source>The offer closes for good and nothing changes hands; %1 can make you a new one.</source>
        <translation>A oferta se encerra de vez e nada muda de mãos; %1 pode fazer uma nova para você.</translation>
    </message>
    <message>
        <source>Cancel your offer to sell %1 of your quota to %2 for %3?</source>
        <translation>Cancelar sua oferta de vender %1 da sua cota a %2 por %3?</translation>
    </message>
    <message>
        <source>Cancel your offer to buy %1 of %2&apos;s quota for %3?</source>
        <translation>Cancelar sua oferta de comprar %1 da cota de %2 por %3?</translation>
    </message>
    <message>
        <source>Cancel the offer</source>
        <translation>Cancelar a oferta</translation>
    </message>
    <message>
        <source>%1 can no longer accept it; you can make a new offer later.</source>
        <translation>%1 não poderá mais aceitá-la; você pode fazer uma nova oferta depois.</translation>
    </message>
</context>
<context>
    <name>ui::VotesPage</name>
    <message>
        <source>No vote is open right now. New proposals appear here.</source>
        <translation>Nenhuma votação aberta agora. Novas propostas aparecem aqui.</translation>
    </message>
    <message>
        <source>Closes in %1 (%2)</source>
        <translation>Encerra em %1 (%2)</translation>
    </message>
    <message>
        <source>Closed on %1: %2</source>
        <translation>Encerrada em %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>It passes with %n Yes vote(s): more than half of the members when it opened. Not voting counts as No.</source>
        <translation>
            <numerusform>É aprovada com %n voto Sim: mais da metade dos membros de quando abriu. Quem não vota conta como Não.</numerusform>
            <numerusform>É aprovada com %n votos Sim: mais da metade dos membros de quando abriu. Quem não vota conta como Não.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It passes with more Yes than No, if at least %n member(s) vote.</source>
        <translation>
            <numerusform>É aprovada com mais Sim do que Não, se pelo menos %n membro votar.</numerusform>
            <numerusform>É aprovada com mais Sim do que Não, se pelo menos %n membros votarem.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have not voted yet.</source>
        <translation>Você ainda não votou.</translation>
    </message>
    <message>
        <source>You are not in this vote&apos;s electorate.</source>
        <translation>Você não faz parte do eleitorado desta votação.</translation>
    </message>
    <message>
        <source>You voted Yes.</source>
        <translation>Você votou Sim.</translation>
    </message>
    <message>
        <source>You voted No.</source>
        <translation>Você votou Não.</translation>
    </message>
    <message>
        <source>Your Yes vote is recorded.</source>
        <translation>Seu voto Sim foi registrado.</translation>
    </message>
    <message>
        <source>Your No vote is recorded.</source>
        <translation>Seu voto Não foi registrado.</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Votações</translation>
    </message>
    <message>
        <source>Yes votes towards approval</source>
        <translation>Votos Sim rumo à aprovação</translation>
    </message>
    <message numerus="yes">
        <source>Yes: %1 · No: %2 · Voted: %3 of %n member(s)</source>
        <translation>
            <numerusform>Sim: %1 · Não: %2 · Votos: %3 de %n membro</numerusform>
            <numerusform>Sim: %1 · Não: %2 · Votos: %3 de %n membros</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Show closed votes</source>
        <translation>&amp;Mostrar votações encerradas</translation>
    </message>
    <message>
        <source>&amp;Change my vote to Yes</source>
        <translation>Mudar meu voto &amp;para Sim</translation>
    </message>
    <message>
        <source>Vote &amp;Yes</source>
        <translation>V&amp;otar Sim</translation>
    </message>
    <message>
        <source>&amp;Change my vote to No</source>
        <translation>Mudar meu &amp;voto para Não</translation>
    </message>
    <message>
        <source>&amp;Vote No</source>
        <translation>&amp;Votar Não</translation>
    </message>
    <message numerus="yes">
        <source>Nobody has voted yet; %n member(s) can vote.</source>
        <translation>
            <numerusform>Ninguém votou ainda; %n membro pode votar.</numerusform>
            <numerusform>Ninguém votou ainda; %n membros podem votar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Yes: %1 · No: %2 · All %n member(s) voted</source>
        <translation>
            <numerusform>Sim: %1 · Não: %2 · O único membro votou</numerusform>
            <numerusform>Sim: %1 · Não: %2 · Todos os %n membros votaram</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::WalletBackup</name>
    <message>
        <source>The backup goes to the removable drive “%1” that is plugged in. Keep that drive somewhere safe, away from this computer.</source>
        <translation>A cópia de segurança vai para o pen drive “%1”, que está conectado. Guarde esse pen drive em um lugar seguro, longe deste computador.</translation>
    </message>
    <message>
        <source>No pen drive is plugged in, so the backup goes to your Documents folder. Plug in a pen drive and choose it, or copy the backup to a pen drive or another computer afterwards.</source>
        <translation>Nenhum pen drive está conectado, então a cópia de segurança vai para a sua pasta Documentos. Conecte um pen drive e escolha-o, ou copie depois a cópia de segurança para um pen drive ou outro computador.</translation>
    </message>
    <message>
        <source>My wallet</source>
        <translation>Minha carteira</translation>
    </message>
</context>
</TS>
