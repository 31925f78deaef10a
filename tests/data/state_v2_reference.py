#!/usr/bin/env python3
# The state root of protocol version 2 for the vector state of docs/STATE.md,
# written from that document alone (not from the C++), so that the known
# answers there and in tests/chain/test_state_tables.cpp are checked by a
# second implementation. Python 3, standard library only.
import hashlib, struct
H=lambda b: hashlib.sha256(b).digest()
u8=lambda v: struct.pack('>B',v); u16=lambda v: struct.pack('>H',v); u32=lambda v: struct.pack('>I',v)
u64=lambda v: struct.pack('>Q',v); i64=lambda v: struct.pack('>q',v)
def bstr(b): return u32(len(b))+b
def s(t): return bstr(t.encode())
def leaf(L,k,v): return H(b'\x00'+u8(L)+k+H(v))
def bit(k,i): return (k[i//8]>>(7-i%8))&1
def cpl(a,b):
    i=0
    while bit(a,i)==bit(b,i): i+=1
    return i
def root(L,entries):
    e=sorted(entries)
    if not e: return bytes(32)
    def sub(xs):
        if len(xs)==1: return leaf(L,*xs[0])
        b=cpl(xs[0][0],xs[-1][0])
        left=[x for x in xs if bit(x[0],b)==0]; right=[x for x in xs if bit(x[0],b)==1]
        return H(b'\x01'+u16(b)+sub(left)+sub(right))
    return sub(e)
DAY=86400
gid=b'\x11'*32; ana=b'\xa1'*20; bia=b'\xb2'*20
params=u64(30*DAY)+u64(60*DAY)+u64(30*DAY)+u64(10000)+u64(5_000_000)+u64(1000)+u8(1)+u32(0)
energy_params=u64(75000)+u64(5_000_000)+u64(5_000_000)
group=[(u8(1),gid+s("Vila Solar")+s("SEB")+u8(0)+i64(1767225600)),
       (u8(2),params),(u8(3),u64(7)+i64(1767230000)),(u8(4),u64(0)*3),(u8(5),u64(2)+u64(2)+u64(1)),
       (u8(6),u8(0)),(u8(7),energy_params),(u8(8),u8(0)+i64(0)),(u8(9),u32(2)+u8(0))]
def member(pk,quota): return pk+s("Light")+b'\xc3'*32+u32(0)+bstr(bytes([9,9,9]))+u64(quota)+u64(1000)+i64(1767225600)+u32(0)+bstr(bytes([1,2,3]))
members=[(ana,member(b'\x02'*33,5000)),(bia,member(b'\x03'*33,0))]
nonces=[(ana,u64(3)),(bia,u64(1))]
plant=s("Telhado")+u8(1)+u64(5000)+u64(2_000_000)+s("Light")+s("")+u64(0)+ana+u8(3)+u64(1)+i64(0)*6+u64(500000)
plants=[(u64(1),plant)]
pledges=[(u64(1)+bia,u64(500000))]
elect=u32(2)+ana+bia; eid=H(elect)
ref=u8(2)+ana+i64(0)+i64(0)+eid+u8(1)+u32(0)+u8(1)+i64(0)+u16(0)+bytes(20)+u64(1)+u8(0)+s("")
refs=[(u64(1),ref)]
ballots=[(u64(1)+ana,u8(1)),(u64(1)+bia,u8(1))]
electorates=[(eid,elect)]
validators=[(b'\x02'*33,b'')]
datakeys=[(u32(0),b'\x03'*33)]
tables=[(1,group),(20,members),(20,[]),(20,nonces),(8,plants),(28,pledges),(28,[]),(28,[]),(8,refs),(28,ballots),(32,electorates),(8,[]),(33,validators),(4,datakeys),(24,[]),(12,[]),(8,[]),(28,[]),(28,[])]
troots=[root(L,e) for L,e in tables]
top=[(u16(i+1),r) for i,r in enumerate(troots)]
print('clock', (u64(7)+i64(1767230000)).hex())
print('group', troots[0].hex())
for i,r in enumerate(troots): print(i+1, r.hex())
print('state', root(2,top).hex())
print('zeros', root(2,[(u16(i+1),bytes(32)) for i in range(19)]).hex())
print('leaf example', leaf(1,u8(3),u64(7)+i64(1767230000)).hex())
