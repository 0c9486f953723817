import json,collections, os
WORK=os.environ.get('COLLECT_WORK','/tmp/action-corpus-collect')  # scratch: harvest.json, status.json, out/
h=json.load(open(os.path.join(WORK,'harvest.json')))
edges=h['edges']; prob=h['problems']; sub=h['substituted']
def closure(us):
    seen=set(); st=[u for k,u in us]
    while st:
        u=st.pop()
        if u in seen: continue
        seen.add(u); st+=edges.get(u,[])
    return seen
called={(r,p) for r,p,c,s in h['called']}
wf=h['wf_uses']
def full(key, depth=0):
    repo,path=key.split('\t')
    us=list(wf.get(key,[]))
    out=[]
    for k,u in us:
        if k=='workflow' and u.startswith('./'):
            t=u[2:].split('@')[0]
            if f'{repo}\t{t}' in wf and depth<5: out+=full(f'{repo}\t{t}',depth+1)
        elif not u.startswith('./') and not u.startswith('docker://'): out.append((k,u))
    return out
res=collections.Counter(); rows=[]
import csv
for l in list(open('/work/corpus/SOURCES.tsv'))[1:]:
    repo,path,commit,via=l.rstrip('\n').split('\t')
    c=closure(full(f'{repo}\t{path}'))
    missing=sorted(u for u in c if u in prob)
    subs=sorted(u for u in c if u in sub)
    s='missing' if missing else ('substituted' if subs else 'exact')
    res[s]+=1; rows.append((repo,path,s,missing,subs))
print(res)
print(len({r for r,p,s,m,su in rows if s!='missing'}),'repos served')
for r in rows:
    if r[2]=='missing': print(r[0],r[1],r[3])
json.dump(rows,open(os.path.join(WORK,'status.json'),'w'))
